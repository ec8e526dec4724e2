import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthSecret } from './auth-secret';
import { AUTH_SECRET, AuthGuard } from './auth.guard';

export interface AuthModuleOptions {
  secret: AuthSecret;
}

/** Registers AuthGuard as a global guard, so every @Access is enforced without a @UseGuards beside it. */
@Module({})
export class AuthModule {
  static forRoot({ secret }: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_SECRET, useValue: secret },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
