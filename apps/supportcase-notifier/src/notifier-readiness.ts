import { Injectable } from '@nestjs/common';
import { ReadinessProbes } from '@lib/observability';
import { NotificationStore } from './notification-store/notification-store.port';

/** The notifier is ready when its store answers. */
@Injectable()
export class NotifierReadiness {
  constructor(probes: ReadinessProbes, store: NotificationStore) {
    // A page of nothing: the cheapest query that proves the store answers.
    probes.add('notifications', () => store.list({ customer: '', offset: 0, limit: 1 }));
  }
}
