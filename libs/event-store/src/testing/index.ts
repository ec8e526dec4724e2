export * from './linked-append';
export * from './pushing-event-store.double';
