export { Lifecycle, type LifecycleOptions } from './lifecycle.js';
