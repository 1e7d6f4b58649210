/**
 * Which chat platforms `engage serve` runs, decided from the configuration: a platform is on when its
 * credentials are set, partial credentials refuse to start naming what is missing, Slack refuses to start
 * without PUBLIC_BASE_URL (Slack fetches every chart image from it, and drops a message whose image URL is
 * not public), and with no platform at all the service refuses to start unless LOCAL_MODE=1 (local preview
 * only, never in production).
 */
import { ConfigError, type Env } from './env.ts';

export interface TeamsCredentials {
  appId: string;
  appPassword: string;
  tenantId: string;
  appType: 'SingleTenant' | 'MultiTenant';
  /** Tenants whose activities are accepted; defaults to the app's own tenant. */
  allowedTenants: string[];
}

export interface SlackCredentials {
  signingSecret: string;
  botToken: string;
}

export interface ChatPlatforms {
  teams: TeamsCredentials | null;
  slack: SlackCredentials | null;
  /** True when no platform is configured and LOCAL_MODE=1 allowed it. */
  localOnly: boolean;
}

const TEAMS_VARIABLES = ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'] as const;
const SLACK_VARIABLES = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'] as const;

/** Throws ConfigError naming every missing variable of a half-configured platform, or the missing platform. */
export function resolveChatPlatforms(env: Env): ChatPlatforms {
  const problems = [...missing(env, 'Teams', TEAMS_VARIABLES), ...missing(env, 'Slack', SLACK_VARIABLES)];
  if (problems.length > 0) throw new ConfigError(problems);
  const teams: TeamsCredentials | null =
    env.MICROSOFT_APP_ID && env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TENANT_ID
      ? {
          appId: env.MICROSOFT_APP_ID,
          appPassword: env.MICROSOFT_APP_PASSWORD,
          tenantId: env.MICROSOFT_APP_TENANT_ID,
          appType: env.MICROSOFT_APP_TYPE,
          allowedTenants: env.TEAMS_ALLOWED_TENANTS?.length
            ? env.TEAMS_ALLOWED_TENANTS
            : [env.MICROSOFT_APP_TENANT_ID],
        }
      : null;
  const slack: SlackCredentials | null =
    env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN
      ? { signingSecret: env.SLACK_SIGNING_SECRET, botToken: env.SLACK_BOT_TOKEN }
      : null;
  if (slack && !env.PUBLIC_BASE_URL) {
    throw new ConfigError([
      'PUBLIC_BASE_URL: required for Slack: Slack fetches chart images from the service at its public ' +
        'address (https://<host>) and drops them without it',
    ]);
  }
  if (!teams && !slack && !env.LOCAL_MODE) {
    throw new ConfigError([
      `no chat platform configured: set ${TEAMS_VARIABLES.join(', ')} for Teams or ` +
        `${SLACK_VARIABLES.join(', ')} for Slack (or LOCAL_MODE=1 to run the local preview only)`,
    ]);
  }
  return { teams, slack, localOnly: !teams && !slack };
}

function missing(env: Env, platform: string, names: readonly (keyof Env)[]): string[] {
  const absent = names.filter((name) => env[name] === undefined);
  if (absent.length === 0 || absent.length === names.length) return [];
  return absent.map(
    (name) => `${name}: required for ${platform} (the other ${platform} credentials are set)`,
  );
}
