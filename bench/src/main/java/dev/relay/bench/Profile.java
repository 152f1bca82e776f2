package dev.relay.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** Where the gateway spent its CPU during the run: JFR execution samples, by top frame (self time). */
final class Profile {

  private Profile() {
  }

  static JsonArray topFrames(Path recording, int limit) {
    Map<String, Integer> self = new HashMap<>();
    int total = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
            || event.getStackTrace().getFrames().isEmpty()) {
          continue;
        }
        RecordedFrame top = event.getStackTrace().getFrames().get(0);
        self.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
        total++;
      }
    } catch (IOException e) {
      return new JsonArray().add("no profile: " + e.getMessage());
    }
    int samples = total;
    JsonArray top = new JsonArray();
    self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
        .forEach(e -> top.add(new JsonObject().put("frame", e.getKey())
            .put("percent", Math.round(e.getValue() * 1000.0 / samples) / 10.0)));
    return top;
  }
}
