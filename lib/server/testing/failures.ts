// What a failing call threw, for tests: a test fails when the call succeeds or throws otherwise.
import { expect } from "vitest";

import { OpenStackError } from "@/lib/openstack/errors";

/** The OpenStackError a call fails with. */
export async function openStackFailure(promise: Promise<unknown>): Promise<OpenStackError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpenStackError);
  return err as OpenStackError;
}
