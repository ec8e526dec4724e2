import { DEVICE_ALIASES, type Device } from './support-case';

export function isoDate(date: string): string {
  return new Date(date).toISOString();
}

export function canonicalDevice(device: string): Device {
  return (DEVICE_ALIASES[device] ?? device) as Device;
}

/** Documents omit properties that hold no value. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
