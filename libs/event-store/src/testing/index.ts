export * from './linked-append';
