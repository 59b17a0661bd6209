import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowed, bindProblem, isLoopback, SESSION_COOKIE, sessionValue } from './access.ts';

test('loopback hosts may listen without a token; any other host needs one', () => {
  for (const host of ['127.0.0.1', 'localhost', '::1', '127.1.2.3'])
    assert.equal(bindProblem(host, undefined), undefined);
  assert.match(bindProblem('0.0.0.0', undefined) ?? '', /refusing to listen on 0\.0\.0\.0 without a token/);
  assert.match(bindProblem('10.0.0.5', '') ?? '', /--token/);
  assert.equal(bindProblem('0.0.0.0', 's3cret'), undefined);
  assert.equal(isLoopback('128.0.0.1'), false);
});

test('without a token, only requests naming the loopback pass (no DNS rebinding)', () => {
  assert.equal(allowed({ host: '127.0.0.1:8090' }, undefined), true);
  assert.equal(allowed({ host: 'localhost:8090' }, undefined), true);
  assert.equal(allowed({ host: '[::1]:8090' }, undefined), true);
  assert.equal(allowed({ host: 'evil.example:8090' }, undefined), false);
  assert.equal(allowed({}, undefined), false);
});

test('with a token, a request needs the bearer token or the login cookie', () => {
  const token = 's3cret';
  assert.equal(allowed({ host: '127.0.0.1' }, token), false);
  assert.equal(allowed({ authorization: 'Bearer s3cret' }, token), true);
  assert.equal(allowed({ authorization: 'Bearer wrong' }, token), false);
  assert.equal(allowed({ cookie: `a=b; ${SESSION_COOKIE}=${sessionValue(token)}` }, token), true);
  assert.equal(allowed({ cookie: `${SESSION_COOKIE}=${sessionValue('other')}` }, token), false);
  assert.equal(
    allowed({ cookie: `${SESSION_COOKIE}=${token}` }, token),
    false,
    'the cookie is not the token',
  );
});
