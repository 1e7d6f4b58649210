/** Every repository over one database handle: what application services and adapters are given. */
import type { DocumentDb } from '../store/types.ts';
import { auditRepository } from './audit.ts';
import { caseRepository } from './cases.ts';
import { channelLinkRepository } from './channelLinks.ts';
import { chartImageRepository } from './chartImages.ts';
import { claimRepository } from './claims.ts';
import { chatIdentityRepository } from './chatIdentities.ts';
import { conversationRepository } from './conversations.ts';
import { connectorStateRepository } from './connectorState.ts';
import { contactRepository } from './contacts.ts';
import { contextNoteRepository } from './contextNotes.ts';
import { courseworkRepository } from './coursework.ts';
import { deliveryRepository } from './deliveries.ts';
import { digestPostRepository } from './digestPosts.ts';
import { exemptionRepository } from './exemptions.ts';
import { featureStateRepository } from './featureStates.ts';
import { governanceRepository } from './governance.ts';
import { feedRepository } from './feeds.ts';
import { inboundDedupeRepository } from './inboundDedupe.ts';
import { institutionRepository } from './institution.ts';
import { measureRepository } from './measures.ts';
import { metaRepository } from './meta.ts';
import { notificationRepository } from './notifications.ts';
import { outcomeRepository } from './outcomes.ts';
import { quarantineRepository } from './quarantine.ts';
import { retentionRepository } from './retention.ts';
import { riskModelRepository } from './riskModels.ts';
import { ruleRepository } from './rules.ts';
import { ruleStateRepository } from './ruleState.ts';
import { scoreRepository } from './scores.ts';
import { scoringConfigRepository } from './scoringConfig.ts';
import { snoozeRepository } from './snoozes.ts';
import { sourceRepository } from './sources.ts';
import { staffRepository } from './staff.ts';
import { studentViewSettingsRepository } from './studentViewSettings.ts';
import { studentRecordRepository } from './studentRecords.ts';

export function repositories(db: DocumentDb) {
  return {
    meta: metaRepository(db),
    institution: institutionRepository(db),
    sources: sourceRepository(db),
    measures: measureRepository(db),
    scores: scoreRepository(db),
    scoringConfig: scoringConfigRepository(db),
    contacts: contactRepository(db),
    cases: caseRepository(db),
    audit: auditRepository(db),
    outcomes: outcomeRepository(db),
    coursework: courseworkRepository(db),
    riskModels: riskModelRepository(db),
    featureStates: featureStateRepository(db),
    rules: ruleRepository(db),
    ruleState: ruleStateRepository(db),
    notifications: notificationRepository(db),
    staff: staffRepository(db),
    channelLinks: channelLinkRepository(db),
    chartImages: chartImageRepository(db),
    snoozes: snoozeRepository(db),
    claims: claimRepository(db),
    exemptions: exemptionRepository(db),
    chatIdentities: chatIdentityRepository(db),
    digestPosts: digestPostRepository(db),
    feeds: feedRepository(db),
    deliveries: deliveryRepository(db),
    quarantine: quarantineRepository(db),
    conversations: conversationRepository(db),
    inboundDedupe: inboundDedupeRepository(db),
    connectorState: connectorStateRepository(db),
    contextNotes: contextNoteRepository(db),
    studentView: studentViewSettingsRepository(db),
    governance: governanceRepository(db),
    retention: retentionRepository(db),
    studentRecords: studentRecordRepository(db),
  };
}

export type Repositories = ReturnType<typeof repositories>;
