package dev.relay.gateway.store;

/** A {@link Store} whose backend builds its parts once and implements only ping and close. */
public interface ComposedStore extends Store {

  StoreParts parts();

  @Override default CustomerStore customers() { return parts().customers(); }
  @Override default AgentStore agents() { return parts().agents(); }
  @Override default ConversationStore conversations() { return parts().conversations(); }
  @Override default MessageStore messages() { return parts().messages(); }
  @Override default InboxStore inbox() { return parts().inbox(); }
  @Override default RuleStore rules() { return parts().rules(); }
  @Override default TextStore texts() { return parts().texts(); }
  @Override default AuditStore audit() { return parts().audit(); }
  @Override default JobStore jobs() { return parts().jobs(); }
  @Override default LeaseStore leases() { return parts().leases(); }
  @Override default AttachmentStore attachments() { return parts().attachments(); }
  @Override default ResponseTimeStore responseTimes() { return parts().responseTimes(); }
  @Override default HoursStore hours() { return parts().hours(); }
  @Override default SignInStore signIn() { return parts().signIn(); }
  @Override default CannedReplyStore cannedReplies() { return parts().cannedReplies(); }
  @Override default BrandStore brand() { return parts().brand(); }
  @Override default ReviewStore reviews() { return parts().reviews(); }
}
