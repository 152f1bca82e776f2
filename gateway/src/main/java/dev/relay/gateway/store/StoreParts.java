package dev.relay.gateway.store;

/** The parts of a {@link Store}, built by a backend; {@link ComposedStore} hands them out. */
public record StoreParts(CustomerStore customers, AgentStore agents, ConversationStore conversations,
                         MessageStore messages, InboxStore inbox, RuleStore rules, TextStore texts, AuditStore audit,
                         JobStore jobs, LeaseStore leases, AttachmentStore attachments, ResponseTimeStore responseTimes,
                         HoursStore hours, SignInStore signIn,
                         CannedReplyStore cannedReplies, BrandStore brand, ReviewStore reviews) {
}
