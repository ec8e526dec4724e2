import { x } from '@lib/domain';
console.log('hello', x);
