import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Action } from '@casetrail/domain';
import { IS_PUBLIC } from '../http/public.decorator';
import { ACCESS_ACTION } from './access.decorator';

export interface RouteEntry {
  readonly method: string;
  /** Express-style, e.g. `/cases/:caseId/timeline`. */
  readonly path: string;
  /** The policy action, or `public`, or null for a route with neither (which the guard refuses). */
  readonly action: Action | 'public' | null;
}

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * Every route the controllers declare, with the policy action it is decided under, read from
 * the same metadata the guard reads. Tests hold it against the policy and drive the matrix from it.
 */
export const routeTable = (controllers: readonly Type[]): RouteEntry[] =>
  controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (typeof handler !== 'function' || name === 'constructor') return [];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const isPublic =
        Reflect.getMetadata(IS_PUBLIC, handler) === true ||
        Reflect.getMetadata(IS_PUBLIC, controller) === true;
      const action = (Reflect.getMetadata(ACCESS_ACTION, handler) ?? null) as Action | null;
      return [{ method, path: join(base, path), action: isPublic ? 'public' : action }];
    });
  });
