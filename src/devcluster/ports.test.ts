import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { DevClusterError } from './errors.ts';
import { portsFrom, requireFreePorts } from './ports.ts';

test('a taken port is named in the error, with the fix', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    // the taken port is the first one checked: the fixed others may be in use by anything on the machine
    await assert.rejects(requireFreePorts({ ...portsFrom(40000), apiserver: port }), (error: unknown) => {
      assert.ok(error instanceof DevClusterError);
      assert.match(error.message, new RegExp(`port ${port} .*for apiserver.* in use`));
      assert.match(error.message, /--port-base/);
      return true;
    });
  } finally {
    server.close();
  }
});
