import { serviceNamed, type CatalogService } from '@podlab/catalog';
import { describe, expect, it } from 'vitest';
import { serviceEnv, type LocalStack } from './service-env.js';

const stack: LocalStack = {
  urlOf: (service) => `http://127.0.0.1:${service === 'auth' ? 4001 : 4999}`,
  signingKey: () => ({ JWT_PRIVATE_KEY: 'key', JWT_KEY_ID: 'dev-1' }),
  tracing: false,
};

const shop: Omit<CatalogService, 'needs'> = { name: 'shop', public: true, instances: 2 };

describe('serviceEnv', () => {
  it("when a service needs the JWKS, then it gets auth's own port, not the router", () => {
    expect(serviceEnv({ ...shop, needs: ['jwks'] }, stack)).toEqual({
      JWKS_URL: 'http://127.0.0.1:4001/api/auth/.well-known/jwks.json',
    });
  });

  it('when it is auth, then it gets the signing key and trusts the loopback router', () => {
    expect(serviceEnv(serviceNamed('auth'), stack)).toEqual({
      JWT_PRIVATE_KEY: 'key',
      JWT_KEY_ID: 'dev-1',
      TRUST_PROXY: 'loopback',
    });
  });

  it('when a service needs only the broker, then nothing is added', () => {
    expect(serviceEnv({ ...shop, needs: ['amqp'] }, stack)).toEqual({});
  });

  it('when an OTLP endpoint is set, then each service is named for itself whatever OTEL_SERVICE_NAME says', () => {
    expect(serviceEnv({ ...shop, needs: ['amqp'] }, { ...stack, tracing: true })).toEqual({
      OTEL_SERVICE_NAME: 'shop',
    });
  });
});
