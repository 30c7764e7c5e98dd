import { describe, expect, it } from 'vitest';
import { mebibytes, millicores, podRequests, profileMemory } from './footprint.js';

describe('footprint', () => {
  it('when quantities are read, then CPU is in millicores and memory in MiB', () => {
    expect([millicores('250m'), millicores('1'), millicores(undefined)]).toEqual([250, 1000, 0]);
    expect([mebibytes('512Mi'), mebibytes('1Gi'), mebibytes('1048576')]).toEqual([512, 1024, 1]);
    expect([profileMemory('6g'), profileMemory('6144m'), profileMemory('4096')]).toEqual([
      6144, 6144, 4096,
    ]);
  });

  it('when a pod has init containers, then it reserves the larger of the biggest one and the sum of the others', () => {
    const c = (cpu: string, memory: string) => ({
      name: cpu,
      resources: { requests: { cpu, memory } },
    });
    expect(podRequests([c('50m', '96Mi'), c('10m', '40Mi')], [c('100m', '16Mi')])).toEqual({
      cpu: 100,
      memory: 136,
    });
  });
});
