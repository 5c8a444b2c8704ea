"""nova-compute for the local cloud: Nova's fake virt driver, with a disk.

Nova's FakeDriver boots nothing and snapshots nothing: its snapshots stay `queued`, with
no data, for good. This driver reads the boot image from Glance as a hypervisor would (so
a boot proves the project can read the image, not only see it), keeps those bytes as the
server's disk under instances_path, and uploads them on snapshot and backup, so a
server's backup is a real, active image whose checksum is its boot image's.

Test infrastructure for scripts/local-cloud, not product code. Run as
  python3 fake_compute.py --config-file nova.conf
"""
import os
import shutil
import sys

# Importing nova.cmd patches eventlet first, as nova-compute does.
from nova.cmd.compute import main
from nova.image import glance
import nova.conf
import nova.virt.fake

CONF = nova.conf.CONF


class UploadingFakeDriver(nova.virt.fake.FakeDriver):
    def _disk(self, instance):
        return os.path.join(CONF.instances_path, instance.uuid, "disk")

    def spawn(self, context, instance, image_meta, *args, **kwargs):
        if instance.image_ref:
            path = self._disk(instance)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            # Streamed to the file by Nova's own Glance client, as a hypervisor's is.
            glance.API().download(context, instance.image_ref, dest_path=path)
        super().spawn(context, instance, image_meta, *args, **kwargs)

    def snapshot(self, context, instance, image_id, update_task_state):
        super().snapshot(context, instance, image_id, update_task_state)
        path = self._disk(instance)
        # The boot image's formats, as Nova recorded them at boot (the image may be gone).
        meta = instance.system_metadata
        with open(path, "rb") if os.path.exists(path) else open(os.devnull, "rb") as data:
            glance.API().update(
                context,
                image_id,
                {
                    "disk_format": meta.get("image_disk_format") or "raw",
                    "container_format": meta.get("image_container_format") or "bare",
                },
                data=data,
                purge_props=False,
            )

    def destroy(self, context, instance, *args, **kwargs):
        super().destroy(context, instance, *args, **kwargs)
        shutil.rmtree(os.path.dirname(self._disk(instance)), ignore_errors=True)


# Nova loads `nova.virt.<compute_driver>`: the class has to live in that namespace.
nova.virt.fake.UploadingFakeDriver = UploadingFakeDriver

if __name__ == "__main__":
    sys.exit(main())
