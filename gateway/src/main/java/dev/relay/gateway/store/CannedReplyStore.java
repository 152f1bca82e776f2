package dev.relay.gateway.store;

import dev.relay.gateway.domain.CannedReply;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** The canned replies admins keep, each its own record (two admins editing two replies do not clash). */
public interface CannedReplyStore {

  /** All of them, in no particular order (a company keeps tens, not thousands: saving refuses past a limit). */
  Future<List<CannedReply>> list();

  Future<Optional<CannedReply>> get(String id);

  /** Creates or replaces the reply with this id. */
  Future<CannedReply> put(CannedReply reply);

  /** False when there was none. */
  Future<Boolean> delete(String id);
}
