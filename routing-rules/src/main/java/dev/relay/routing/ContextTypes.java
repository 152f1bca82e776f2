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
        .setField(f(CUSTOMER, "id"), nz(c.id()))
        .setField(f(CUSTOMER, "locale"), nz(c.locale()))
        .setField(f(CUSTOMER, "timezone"), nz(c.timezone()))
        .setField(f(CUSTOMER, "segment"), nz(c.segment()))
        .setField(f(CUSTOMER, "hasOwner"), c.hasOwner())
        .setField(f(CUSTOMER, "pastConversations"), c.pastConversations());
    capped(c.tags()).forEach(t -> customer.addRepeatedField(f(CUSTOMER, "tags"), t));
    capped(c.identities()).forEach(i -> customer.addRepeatedField(f(CUSTOMER, "identities"), i));
    if (c.lastSatisfaction() != null) {
      customer.setField(f(CUSTOMER, "lastSatisfaction"), DoubleValue.of(c.lastSatisfaction()));
    }
    RoutingFacts.MessageFacts m = facts.message();
    DynamicMessage.Builder message = DynamicMessage.newBuilder(MESSAGE)
        .setField(f(MESSAGE, "channel"), nz(m.channel()))
        .setField(f(MESSAGE, "text"), capped(m.text()))
        .setField(f(MESSAGE, "subject"), capped(m.subject()))
        .setField(f(MESSAGE, "language"), nz(m.language()));
    if (m.receivedAt() != null) {
      message.setField(f(MESSAGE, "receivedAt"), timestamp(m.receivedAt()));
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

  private static FieldDescriptor f(Descriptor type, String name) {
    return type.findFieldByName(name);
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
