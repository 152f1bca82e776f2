package dev.relay.routing;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The typed shape of {@code customer} and {@code message} for CEL. Declaring them as message types
 * (rather than maps) lets the checker reject {@code customer.tagz} or {@code message.text > 3}
 * when a rule set is saved, instead of when a customer writes.
 */
final class ContextTypes {

  static final Descriptor CUSTOMER;
  static final Descriptor MESSAGE;

  static {
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("relay/routing/context.proto")
        .setPackage("relay.routing")
        .setSyntax("proto3")
        .addDependency("google/protobuf/timestamp.proto")
        .addDependency("google/protobuf/wrappers.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("Customer")
            .addField(field("id", 1, Type.TYPE_STRING, false))
            .addField(field("tags", 2, Type.TYPE_STRING, true))
            .addField(field("locale", 3, Type.TYPE_STRING, false))
            .addField(field("timezone", 4, Type.TYPE_STRING, false))
            .addField(field("segment", 5, Type.TYPE_STRING, false))
            .addField(field("identities", 6, Type.TYPE_STRING, true))
            .addField(field("hasOwner", 7, Type.TYPE_BOOL, false))
            .addField(field("pastConversations", 8, Type.TYPE_INT64, false))
            .addField(message("lastSatisfaction", 9, ".google.protobuf.DoubleValue")))
        .addMessageType(DescriptorProto.newBuilder().setName("Message")
            .addField(field("channel", 1, Type.TYPE_STRING, false))
            .addField(field("text", 2, Type.TYPE_STRING, false))
            .addField(field("subject", 3, Type.TYPE_STRING, false))
            .addField(field("language", 4, Type.TYPE_STRING, false))
            .addField(message("receivedAt", 5, ".google.protobuf.Timestamp")))
        .build();
    try {
      FileDescriptor built = FileDescriptor.buildFrom(file, new FileDescriptor[] {
          Timestamp.getDescriptor().getFile(), DoubleValue.getDescriptor().getFile()});
      CUSTOMER = built.findMessageTypeByName("Customer");
      MESSAGE = built.findMessageTypeByName("Message");
    } catch (DescriptorValidationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Looked up once: by name, each lookup hashes the field's full name, a good part of a decision.
  private static final FieldDescriptor CUSTOMER_ID = CUSTOMER.findFieldByName("id");
  private static final FieldDescriptor CUSTOMER_LOCALE = CUSTOMER.findFieldByName("locale");
  private static final FieldDescriptor CUSTOMER_TIMEZONE = CUSTOMER.findFieldByName("timezone");
  private static final FieldDescriptor CUSTOMER_SEGMENT = CUSTOMER.findFieldByName("segment");
  private static final FieldDescriptor CUSTOMER_HASOWNER = CUSTOMER.findFieldByName("hasOwner");
  private static final FieldDescriptor CUSTOMER_PASTCONVERSATIONS = CUSTOMER.findFieldByName("pastConversations");
  private static final FieldDescriptor CUSTOMER_TAGS = CUSTOMER.findFieldByName("tags");
  private static final FieldDescriptor CUSTOMER_IDENTITIES = CUSTOMER.findFieldByName("identities");
  private static final FieldDescriptor CUSTOMER_LASTSATISFACTION = CUSTOMER.findFieldByName("lastSatisfaction");
  private static final FieldDescriptor MESSAGE_CHANNEL = MESSAGE.findFieldByName("channel");
  private static final FieldDescriptor MESSAGE_TEXT = MESSAGE.findFieldByName("text");
  private static final FieldDescriptor MESSAGE_SUBJECT = MESSAGE.findFieldByName("subject");
  private static final FieldDescriptor MESSAGE_LANGUAGE = MESSAGE.findFieldByName("language");
  private static final FieldDescriptor MESSAGE_RECEIVEDAT = MESSAGE.findFieldByName("receivedAt");

  private ContextTypes() {
  }

  private static FieldDescriptorProto field(String name, int number, Type type, boolean repeated) {
    return FieldDescriptorProto.newBuilder().setName(name).setJsonName(name).setNumber(number).setType(type)
        .setLabel(repeated ? Label.LABEL_REPEATED : Label.LABEL_OPTIONAL).build();
  }

  private static FieldDescriptorProto message(String name, int number, String typeName) {
    return FieldDescriptorProto.newBuilder().setName(name).setJsonName(name).setNumber(number)
        .setType(Type.TYPE_MESSAGE).setTypeName(typeName).setLabel(Label.LABEL_OPTIONAL).build();
  }

  /** The CEL activation for one decision. */
  static Map<String, Object> activation(RoutingFacts facts) {
    RoutingFacts.CustomerFacts c = facts.customer();
    DynamicMessage.Builder customer = DynamicMessage.newBuilder(CUSTOMER)
        .setField(CUSTOMER_ID, nz(c.id()))
        .setField(CUSTOMER_LOCALE, nz(c.locale()))
        .setField(CUSTOMER_TIMEZONE, nz(c.timezone()))
        .setField(CUSTOMER_SEGMENT, nz(c.segment()))
        .setField(CUSTOMER_HASOWNER, c.hasOwner())
        .setField(CUSTOMER_PASTCONVERSATIONS, c.pastConversations());
    capped(c.tags()).forEach(t -> customer.addRepeatedField(CUSTOMER_TAGS, t));
    capped(c.identities()).forEach(i -> customer.addRepeatedField(CUSTOMER_IDENTITIES, i));
    if (c.lastSatisfaction() != null) {
      customer.setField(CUSTOMER_LASTSATISFACTION, DoubleValue.of(c.lastSatisfaction()));
    }
    RoutingFacts.MessageFacts m = facts.message();
    DynamicMessage.Builder message = DynamicMessage.newBuilder(MESSAGE)
        .setField(MESSAGE_CHANNEL, nz(m.channel()))
        .setField(MESSAGE_TEXT, capped(m.text()))
        .setField(MESSAGE_SUBJECT, capped(m.subject()))
        .setField(MESSAGE_LANGUAGE, nz(m.language()));
    if (m.receivedAt() != null) {
      message.setField(MESSAGE_RECEIVEDAT, timestamp(m.receivedAt()));
    }
    return Map.of("customer", customer.build(), "message", message.build(), "now", timestamp(facts.now()));
  }

  /**
   * Reads {@code customer.<field>} or {@code message.<field>} straight from an {@link #activation}
   * when CEL would give the same value (a string, bool or int, or a list of strings), so the rule
   * index need not run CEL for a plain field; empty for other fields.
   */
  static Optional<Function<Map<String, Object>, Object>> fieldReader(String variable, String field) {
    Descriptor type = "customer".equals(variable) ? CUSTOMER : "message".equals(variable) ? MESSAGE : null;
    FieldDescriptor descriptor = type == null ? null : type.findFieldByName(field);
    if (descriptor == null || descriptor.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        || descriptor.isRepeated() && descriptor.getJavaType() != FieldDescriptor.JavaType.STRING) {
      return Optional.empty();
    }
    return Optional.of(activation -> ((DynamicMessage) activation.get(variable)).getField(descriptor));
  }

  /** What a condition's cost was estimated for: the first {@link ConditionCost#INPUT_CHARS} characters. */
  private static String capped(String text) {
    String value = nz(text);
    return value.length() <= ConditionCost.INPUT_CHARS ? value : value.substring(0, ConditionCost.INPUT_CHARS);
  }

  /** The first items, as many as fit in {@link ConditionCost#INPUT_CHARS} characters together. */
  private static List<String> capped(List<String> items) {
    List<String> kept = new java.util.ArrayList<>();
    int chars = 0;
    for (String item : items) {
      chars += item.length();
      if (chars > ConditionCost.INPUT_CHARS) {
        break;
      }
      kept.add(item);
    }
    return kept;
  }

  private static String nz(String value) {
    return value == null ? "" : value;
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
