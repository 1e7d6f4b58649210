/**
 * The Bot Framework side of Teams: a CloudAdapter configured from the Teams credentials, whose inbound
 * JWT validation is always on (issuer, audience = our app id, serviceUrl claim, expiry, signing key and
 * its endorsements, all by botbuilder against the Bot Framework's OpenID metadata). Authentication is a
 * separate step from running the turn so the HTTP route can refuse other tenants and redeliveries after
 * the caller is proven and before anything acts.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { TeamsCredentials } from '../../src/config/chatPlatforms.ts';

export type AuthenticatedRequest = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

export class TeamsCloudAdapter extends CloudAdapter {
  constructor(readonly credentials: TeamsCredentials) {
    super(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: credentials.appId,
        MicrosoftAppPassword: credentials.appPassword,
        MicrosoftAppTenantId: credentials.tenantId,
        MicrosoftAppType: credentials.appType,
      }),
    );
  }

  /** Validates the request's bearer token for this activity; rejects with the reason when it is not valid. */
  authenticate(activity: Activity, authorization: string): Promise<AuthenticatedRequest> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs the bot's turn for an authenticated activity; an invoke's response when there is one. */
  run(
    authenticated: AuthenticatedRequest,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}
