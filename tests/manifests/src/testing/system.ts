import { parseAllDocuments } from 'yaml';
import type { CheckContext, K8sObject, Manifest, ServiceConfig } from '../model.js';

/**
 * A small system that passes every rule: one service `app` (Deployment with an init
 * container, Service, ConfigMap, Secret, RBAC, HPA, PDB, NetworkPolicy, Istio routes), a
 * database StatefulSet and an Ingress. The negative tests break one thing at a time and
 * expect the rule to name it.
 */
const YAML = `
apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: lab}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config-h4sh, namespace: lab}
data: {PORT: "3000", SHUTDOWN_DELAY_MS: "5000", SHUTDOWN_TIMEOUT_MS: "20000"}
---
apiVersion: v1
kind: Secret
metadata: {name: app-secrets-h4sh, namespace: lab}
type: Opaque
data: {AMQP_URL: ${Buffer.from('amqp://u:p@broker:5672').toString('base64')}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: lab}
spec:
  replicas: 2
  selector:
    matchLabels: {app.kubernetes.io/name: app, app.kubernetes.io/instance: app}
  template:
    metadata:
      labels: {app.kubernetes.io/name: app, app.kubernetes.io/instance: app, version: v1}
    spec:
      serviceAccountName: app
      terminationGracePeriodSeconds: 30
      securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
      initContainers:
        - name: wait-for-deps
          image: busybox:1.37.0
          command: [sh, -c, "nc -z db 3306"]
          resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {cpu: 100m, memory: 32Mi}}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
      containers:
        - name: app
          image: localhost/podlab/app:dev
          imagePullPolicy: Never
          ports: [{name: http, containerPort: 3000}]
          envFrom:
            - configMapRef: {name: app-config-h4sh}
            - secretRef: {name: app-secrets-h4sh}
          env:
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
          livenessProbe: {httpGet: {path: /healthz, port: http}}
          readinessProbe: {httpGet: {path: /readyz, port: http}}
          resources: {requests: {cpu: 50m, memory: 96Mi}, limits: {cpu: 500m, memory: 256Mi}}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
          volumeMounts: [{name: tmp, mountPath: /tmp}]
      volumes:
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: lab}
spec:
  selector: {app.kubernetes.io/name: app}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: lab, namespace: lab}
spec:
  rules:
    - http:
        paths:
          - path: /api/app
            pathType: Prefix
            backend: {service: {name: app, port: {name: http}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: app-leases, namespace: lab}
rules:
  - apiGroups: [coordination.k8s.io]
    resources: [leases]
    verbs: [get, create, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: app-leases, namespace: lab}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app-leases}
subjects:
  - {kind: ServiceAccount, name: app, namespace: lab}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: other, namespace: lab}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
  minReplicas: 1
  maxReplicas: 3
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: app, namespace: lab}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app.kubernetes.io/name: app}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: app, namespace: lab}
spec:
  podSelector:
    matchLabels: {app.kubernetes.io/name: app}
  policyTypes: [Egress]
  egress:
    - to:
        - podSelector:
            matchLabels: {app.kubernetes.io/name: db}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: lab}
spec:
  clusterIP: None
  selector: {app.kubernetes.io/name: db}
  ports: [{name: mysql, port: 3306, targetPort: mysql}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: lab}
spec:
  serviceName: db
  selector:
    matchLabels: {app.kubernetes.io/name: db}
  template:
    metadata:
      labels: {app.kubernetes.io/name: db}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 999, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: db
          image: mysql:8.4.5
          ports: [{name: mysql, containerPort: 3306}]
          livenessProbe: {tcpSocket: {port: mysql}}
          readinessProbe: {exec: {command: [mysqladmin, ping]}}
          resources: {requests: {cpu: 100m, memory: 512Mi}, limits: {cpu: "1", memory: 1Gi}}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: lab, namespace: lab}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 80, name: http, protocol: HTTP}
      hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: app, namespace: lab}
spec:
  host: app
  subsets:
    - name: v1
      labels: {version: v1}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: lab, namespace: lab}
spec:
  hosts: ["*"]
  gateways: [lab]
  http:
    - name: app
      route:
        - destination: {host: app, subset: v1}
          weight: 100
`;

export const APP_CONFIG: ServiceConfig = {
  source: 'services/app/src/config.ts',
  keys: [
    { name: 'PORT', required: false, defaultValue: 3000 },
    { name: 'POD_NAME', required: false, defaultValue: 'host' },
    { name: 'AMQP_URL', required: true },
    { name: 'SHUTDOWN_DELAY_MS', required: false, defaultValue: 0 },
    { name: 'SHUTDOWN_TIMEOUT_MS', required: false, defaultValue: 20_000 },
  ],
};

/** A fresh copy of the valid system, every object attributed to fixture/<kind>.yaml. */
export function validSystem(): CheckContext {
  const manifests: Manifest[] = parseAllDocuments(YAML).map((doc) => {
    const object = doc.toJS() as K8sObject;
    return { object, file: `fixture/${object.kind.toLowerCase()}.yaml` };
  });
  return {
    manifests,
    configs: new Map([['app', structuredClone(APP_CONFIG)]]),
    builtImages: ['localhost/podlab/app:dev'],
    minKubernetes: '1.30',
  };
}

/** A loosely typed view of an object, for tests that break one field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** Changes the object of that kind and name in place; returns the context for chaining. */
export function edit(
  ctx: CheckContext,
  kind: string,
  name: string,
  change: (object: Loose) => void,
): CheckContext {
  const found = ctx.manifests.find(
    (m) => m.object.kind === kind && m.object.metadata.name === name,
  );
  if (!found) throw new Error(`fixture has no ${kind}/${name}`);
  change(found.object);
  return ctx;
}

/** Adds an object (parsed from YAML) to the context. */
export function add(ctx: CheckContext, yaml: string): CheckContext {
  for (const doc of parseAllDocuments(yaml)) {
    const object = doc.toJS() as K8sObject;
    ctx.manifests.push({ object, file: `fixture/${object.kind.toLowerCase()}.yaml` });
  }
  return ctx;
}

export const remove = (ctx: CheckContext, kind: string, name: string): CheckContext => ({
  ...ctx,
  manifests: ctx.manifests.filter(
    (m) => !(m.object.kind === kind && m.object.metadata.name === name),
  ),
});
