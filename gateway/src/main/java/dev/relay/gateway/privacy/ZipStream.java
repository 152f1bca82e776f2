package dev.relay.gateway.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip archive written to an HTTP response as it is produced. Compressing runs on a worker thread
 * (it is CPU work), in slices of {@link #SLICE} bytes; each slice's output is written to the
 * response and the next slice waits until that write completed (Netty has handed it to the socket),
 * so a slow client slows the export
 * down instead of making the gateway hold the archive: memory stays at about one slice plus the one
 * entry being added.
 */
final class ZipStream {

  static final int SLICE = 64 * 1024;

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final ByteArrayOutputStream produced = new ByteArrayOutputStream(SLICE);
  private final ZipOutputStream zip = new ZipOutputStream(produced, StandardCharsets.UTF_8);

  ZipStream(Vertx vertx, HttpServerResponse response) {
    this.vertx = vertx;
    this.response = response;
  }

  @FunctionalInterface
  private interface Step {
    void run() throws IOException;
  }

  Future<Void> entry(String name, byte[] content) {
    Future<Void> written = encode(() -> zip.putNextEntry(new ZipEntry(name)));
    for (int offset = 0; offset < content.length; offset += SLICE) {
      int from = offset;
      int length = Math.min(SLICE, content.length - offset);
      written = written.compose(v -> encode(() -> zip.write(content, from, length)));
    }
    return written.compose(v -> encode(zip::closeEntry));
  }

  /** Writes the archive's central directory and ends the response. */
  Future<Void> finish() {
    return encode(zip::finish).compose(v -> response.end());
  }

  /** Runs one step of the zip encoder on a worker, then sends what it produced and waits for the write. */
  private Future<Void> encode(Step step) {
    return vertx.<byte[]>executeBlocking(() -> {
      step.run();
      byte[] out = produced.toByteArray();
      produced.reset();
      return out;
    }).compose(out -> out.length == 0 ? Future.succeededFuture() : response.write(Buffer.buffer(out)));
  }
}
