# Sourced by scripts/local-cloud: Compute for the local cloud. One RabbitMQ, one Placement
# and one neutron-server (ML2, no agents: servers boot with `networks: none`) serve both
# regions; each region has its own Nova (API, conductor, scheduler, one compute with a fake
# virt driver that keeps a disk: scripts/cloud/fake_compute.py), its own databases and its
# own RabbitMQ virtual host, talking to that region's Glance.
# shellcheck shell=bash

RABBIT_PORT=5672
PLACEMENT_PORT=8778
NEUTRON_PORT=9696
NOVA_PORTS=(8774 8784)
NOVA_NAMES=(one two) # databases, virtual hosts, compute hosts
COMPUTE_DBS=(placement neutron nova_api_one nova_cell0_one nova_cell1_one nova_api_two nova_cell0_two nova_cell1_two)
RABBIT_HOME=/var/lib/rabbitmq

compute_db_url() { echo "postgresql+psycopg2://cloud:$DB_PASSWORD@127.0.0.1:$PG_PORT/$1"; }

# A service's [keystone_authtoken] (and the same keys for its clients of other services).
service_auth() { # user
  cat <<CONF
auth_url = http://127.0.0.1:$KEYSTONE_PORT
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SERVICE_PASSWORD
CONF
}

# The processes run as Debian's `rabbitmq` user (its Erlang cookie), on loopback only.
rabbit() { # program, args...
  local program=$1
  shift
  runuser -u rabbitmq -- env HOME="$RABBIT_HOME" RABBITMQ_CONF_ENV_FILE="$CLOUD_DIR/rabbitmq/rabbitmq-env.conf" \
    "/usr/lib/rabbitmq/bin/$program" "$@"
}

start_rabbitmq() {
  local dir="$CLOUD_DIR/rabbitmq"
  install -d -o rabbitmq -g rabbitmq "$dir" "$dir/mnesia" "$dir/log"
  cat >"$dir/rabbitmq-env.conf" <<CONF
NODENAME=rabbit@localhost
NODE_IP_ADDRESS=127.0.0.1
NODE_PORT=$RABBIT_PORT
MNESIA_BASE=$dir/mnesia
LOG_BASE=$dir/log
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CONF
  chown rabbitmq:rabbitmq "$dir/rabbitmq-env.conf"
  if ! pid_alive "$CLOUD_DIR/rabbitmq.pid"; then
    port_open "$RABBIT_PORT" && die "port $RABBIT_PORT is taken by a process this script did not start"
    log "starting RabbitMQ on 127.0.0.1:$RABBIT_PORT"
    ERL_EPMD_ADDRESS=127.0.0.1 setsid nohup runuser -u rabbitmq -- env HOME="$RABBIT_HOME" ERL_EPMD_ADDRESS=127.0.0.1 \
      RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" /usr/lib/rabbitmq/bin/rabbitmq-server \
      >>"$CLOUD_DIR/log/rabbitmq.log" 2>&1 </dev/null &
    echo $! >"$CLOUD_DIR/rabbitmq.pid"
  fi
}

# After start_rabbitmq, once the other services' start has been set going.
rabbitmq_ready() {
  timeout 60 bash -c "until runuser -u rabbitmq -- env HOME=$RABBIT_HOME RABBITMQ_CONF_ENV_FILE=$CLOUD_DIR/rabbitmq/rabbitmq-env.conf /usr/lib/rabbitmq/bin/rabbitmqctl -q -n rabbit@localhost await_startup >/dev/null 2>&1; do sleep 0.5; done" ||
    die "RabbitMQ did not start within 60 s (log: $CLOUD_DIR/log/rabbitmq.log)"
  local vhost
  for vhost in neutron nova-one nova-two; do
    rabbit rabbitmqctl -q -n rabbit@localhost add_vhost "$vhost" >/dev/null 2>&1 || true
    rabbit rabbitmqctl -q -n rabbit@localhost set_permissions -p "$vhost" guest ".*" ".*" ".*" >/dev/null
  done
}

transport_url() { echo "rabbit://guest:guest@127.0.0.1:$RABBIT_PORT/$1"; }

# Placement has no eventlet and no RPC: served like Keystone, one wsgiref process.
start_placement() {
  local dir="$CLOUD_DIR/placement"
  mkdir -p "$dir"
  cat >"$dir/placement.conf" <<CONF
[DEFAULT]
log_file = $CLOUD_DIR/log/placement.log
[placement_database]
connection = $(compute_db_url placement)
[api]
auth_strategy = keystone
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:$KEYSTONE_PORT
$(service_auth placement)
CONF
  if [ ! -f "$dir/.synced" ]; then
    "$PYTHON" -c 'import sys; from placement.cmd.manage import main; sys.exit(main())' \
      --config-file "$dir/placement.conf" db sync >>"$CLOUD_DIR/log/placement-manage.log" 2>&1 ||
      die "placement db sync failed (log: $CLOUD_DIR/log/placement-manage.log)"
    touch "$dir/.synced"
  fi
  if ! pid_alive "$CLOUD_DIR/placement.pid"; then
    port_open "$PLACEMENT_PORT" && die "port $PLACEMENT_PORT is taken by a process this script did not start"
    log "starting Placement on 127.0.0.1:$PLACEMENT_PORT"
    OS_PLACEMENT_CONFIG_DIR="$dir" setsid nohup "$PYTHON" -c '
import sys, wsgiref.simple_server as wss
host, port = sys.argv[1], int(sys.argv[2])
sys.argv[1:] = []
from placement.wsgi import init_application
class Server(wss.WSGIServer):
    request_queue_size = 256
wss.make_server(host, port, init_application(), server_class=Server).serve_forever()
' 127.0.0.1 "$PLACEMENT_PORT" >>"$CLOUD_DIR/log/placement-wsgi.log" 2>&1 </dev/null &
    echo $! >"$CLOUD_DIR/placement.pid"
  fi
}

# A real neutron-server with ML2 and no agents: Nova asks it for a server's ports (none).
start_neutron() {
  local dir="$CLOUD_DIR/neutron"
  mkdir -p "$dir/state" "$dir/lock"
  cat >"$dir/api-paste.ini" <<'PASTE'
[composite:neutron]
use = egg:Paste#urlmap
/: neutronversions_composite
/v2.0: neutronapi_v2_0

[composite:neutronapi_v2_0]
use = call:neutron.auth:pipeline_factory
keystone = http_proxy_to_wsgi request_id catch_errors authtoken keystonecontext extensions neutronapiapp_v2_0

[composite:neutronversions_composite]
use = call:neutron.auth:pipeline_factory
keystone = http_proxy_to_wsgi neutronversions

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[filter:catch_errors]
paste.filter_factory = oslo_middleware:CatchErrors.factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory

[filter:keystonecontext]
paste.filter_factory = neutron.auth:NeutronKeystoneContext.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:extensions]
paste.filter_factory = neutron.api.extensions:plugin_aware_extension_middleware_factory

[app:neutronversions]
paste.app_factory = neutron.pecan_wsgi.app:versions_factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
PASTE
  cat >"$dir/neutron.conf" <<CONF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = $NEUTRON_PORT
core_plugin = ml2
service_plugins =
auth_strategy = keystone
api_paste_config = $dir/api-paste.ini
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
state_path = $dir/state
log_file = $CLOUD_DIR/log/neutron.log
transport_url = $(transport_url neutron)
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
[database]
connection = $(compute_db_url neutron)
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:$KEYSTONE_PORT
$(service_auth neutron)
[oslo_concurrency]
lock_path = $dir/lock
[ml2]
type_drivers = flat
tenant_network_types =
mechanism_drivers =
extension_drivers =
CONF
  if [ ! -f "$dir/.synced" ]; then
    log "creating Neutron's database (first run)"
    "$PYTHON" -c 'import sys; from neutron.db.migration.cli import main; sys.exit(main())' \
      --config-file "$dir/neutron.conf" upgrade heads >>"$CLOUD_DIR/log/neutron-manage.log" 2>&1 ||
      die "neutron-db-manage failed (log: $CLOUD_DIR/log/neutron-manage.log)"
    touch "$dir/.synced"
  fi
  if ! pid_alive "$CLOUD_DIR/neutron.pid"; then
    port_open "$NEUTRON_PORT" && die "port $NEUTRON_PORT is taken by a process this script did not start"
    log "starting Neutron on 127.0.0.1:$NEUTRON_PORT"
    # Neutron lists ports with a relation to port forwardings, whose model only a service
    # plugin (routers) would load: without one, every port list fails (500). Every model
    # loaded and mapped first, as the migrations have them, is enough.
    setsid nohup "$PYTHON" -c '
import sys
from neutron.cmd.eventlet.server import main
import neutron.db.migration.models.head
from sqlalchemy import orm
orm.configure_mappers()
sys.exit(main())' \
      --config-file "$dir/neutron.conf" >>"$CLOUD_DIR/log/neutron-stdout.log" 2>&1 </dev/null &
    echo $! >"$CLOUD_DIR/neutron.pid"
  fi
}

write_nova_config() { # region index
  local i=$1 name=${NOVA_NAMES[$1]} dir="$CLOUD_DIR/nova-${NOVA_NAMES[$1]}"
  mkdir -p "$dir/state" "$dir/instances" "$dir/lock"
  cat >"$dir/api-paste.ini" <<'PASTE'
[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/: oscomputeversions
/v2.1: oscomputeversion_v2
/v2.1/+: openstack_compute_api_v21

[composite:openstack_compute_api_v21]
use = call:nova.api.auth:pipeline_factory_v21
keystone = http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit authtoken keystonecontext osapi_compute_app_v21

[filter:request_log]
paste.filter_factory = nova.api.openstack.requestlog:RequestLog.factory

[filter:compute_req_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory

[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory

[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory

[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory

[pipeline:oscomputeversions]
pipeline = faultwrap request_log http_proxy_to_wsgi oscomputeversionapp

[pipeline:oscomputeversion_v2]
pipeline = compute_req_id faultwrap request_log http_proxy_to_wsgi oscomputeversionapp_v2

[app:oscomputeversionapp]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory

[app:oscomputeversionapp_v2]
paste.app_factory = nova.api.openstack.compute.versions:VersionsV2.factory
PASTE
  # oslo.config has no inline comments: comments stay on their own lines.
  cat >"$dir/nova.conf" <<CONF
[DEFAULT]
host = fake-compute-$name
my_ip = 127.0.0.1
state_path = $dir/state
instances_path = $dir/instances
transport_url = $(transport_url "nova-$name")
compute_driver = fake.UploadingFakeDriver
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = ${NOVA_PORTS[$i]}
osapi_compute_workers = 1
# A loaded two-core machine (browsers, builds, mutants) misses heartbeats: a compute that
# looks down makes the scheduler answer NoValidHost and deletes skip the compute.
service_down_time = 180
rpc_response_timeout = 120
heal_instance_info_cache_interval = -1
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = $dir/api-paste.ini
[api_database]
connection = $(compute_db_url "nova_api_$name")
[database]
connection = $(compute_db_url "nova_cell1_$name")
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:$KEYSTONE_PORT
$(service_auth nova)
[placement]
region_name = ${REGIONS[$i]}
$(service_auth nova)
[neutron]
region_name = ${REGIONS[$i]}
$(service_auth nova)
[glance]
region_name = ${REGIONS[$i]}
[conductor]
workers = 1
[scheduler]
workers = 1
# The compute registers itself: the scheduler maps new hosts to the cell.
discover_hosts_in_cells_interval = 5
[vnc]
enabled = false
[oslo_concurrency]
lock_path = $dir/lock
[oslo_messaging_notifications]
driver = noop
[quota]
# Room for the tests' servers; a test lowers one project's quota to see Nova refuse.
instances = 40
cores = 80
ram = 163840
CONF
}

nova_manage() { # region index, args...
  local dir="$CLOUD_DIR/nova-${NOVA_NAMES[$1]}"
  shift
  "$PYTHON" -c 'import sys; from nova.cmd.manage import main; sys.exit(main())' \
    --config-file "$dir/nova.conf" "$@" >>"$CLOUD_DIR/log/nova-manage.log" 2>&1 ||
    die "nova-manage $* failed (log: $CLOUD_DIR/log/nova-manage.log)"
}

nova_service() { # region index, pidfile name, python module or file
  local i=$1 dir="$CLOUD_DIR/nova-${NOVA_NAMES[$1]}" pidfile="$CLOUD_DIR/nova-${NOVA_NAMES[$1]}-$2.pid"
  pid_alive "$pidfile" && return 0
  local log="$CLOUD_DIR/log/nova-${NOVA_NAMES[$i]}-$2"
  if [[ "$3" == *.py ]]; then
    setsid nohup "$PYTHON" "$3" --config-file "$dir/nova.conf" --log-file "$log.log" >>"$log-stdout.log" 2>&1 </dev/null &
  else
    setsid nohup "$PYTHON" -c "import sys; from $3 import main; sys.exit(main())" --config-file "$dir/nova.conf" \
      --log-file "$log.log" >>"$log-stdout.log" 2>&1 </dev/null &
  fi
  echo $! >"$pidfile"
}

start_nova() { # region index
  local i=$1 dir="$CLOUD_DIR/nova-${NOVA_NAMES[$1]}"
  write_nova_config "$i"
  if [ ! -f "$dir/.synced" ]; then
    log "creating Nova ${REGIONS[$i]}'s databases (first run)"
    nova_manage "$i" api_db sync
    nova_manage "$i" cell_v2 map_cell0 --database_connection "$(compute_db_url "nova_cell0_${NOVA_NAMES[$i]}")"
    nova_manage "$i" cell_v2 create_cell --name cell1
    nova_manage "$i" db sync
    touch "$dir/.synced"
  fi
  if ! pid_alive "$CLOUD_DIR/nova-${NOVA_NAMES[$i]}-api.pid"; then
    port_open "${NOVA_PORTS[$i]}" && die "port ${NOVA_PORTS[$i]} is taken by a process this script did not start"
    log "starting Nova ${REGIONS[$i]} on 127.0.0.1:${NOVA_PORTS[$i]}"
  fi
  nova_service "$i" api nova.cmd.api
  nova_service "$i" conductor nova.cmd.conductor
  nova_service "$i" scheduler nova.cmd.scheduler
  nova_service "$i" compute "$ROOT/scripts/cloud/fake_compute.py"
}

compute_pidfiles() {
  echo "$CLOUD_DIR/rabbitmq.pid" "$CLOUD_DIR/placement.pid" "$CLOUD_DIR/neutron.pid"
  local name part
  for name in "${NOVA_NAMES[@]}"; do
    for part in api conductor scheduler compute; do echo "$CLOUD_DIR/nova-$name-$part.pid"; done
  done
}

compute_running() {
  local f
  for f in $(compute_pidfiles); do pid_alive "$f" || return 1; done
}

stop_compute() {
  local f
  for f in $(compute_pidfiles | tr ' ' '\n' | tac); do stop_pid "$f" "$(basename "$f" .pid)"; done
  # Erlang's port mapper outlives the broker that started it.
  pkill -u rabbitmq -x epmd 2>/dev/null || true
}
