import { Controller, Get, Query } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@lib/auth';
import { QueryPipe } from '@lib/http';
import type { Notification } from '../notification-store/notification';
import { NotificationStore } from '../notification-store/notification-store.port';
import { ListNotificationsParamsSchema, type ListNotificationsParams } from './list-notifications.request';

export interface NotificationList {
  offset: number;
  limit: number;
  total: number;
  notifications: Notification[];
}

@Controller('notifications')
export class ListNotificationsController {
  constructor(private readonly store: NotificationStore) {}

  /** Newest first. A RESELLER sees those of cases it owns or about itself; others are as if none. */
  @Get()
  @Access({ levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true })
  async list(
    @Query(new QueryPipe(ListNotificationsParamsSchema)) { customer, offset, limit }: ListNotificationsParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationList> {
    const visibleToReseller = principal.accessLevel === 'ADMIN' ? undefined : principal.customer;
    const page = await this.store.list({ customer: customer.toLowerCase(), visibleToReseller, offset, limit });
    return { offset, limit, ...page };
  }
}
