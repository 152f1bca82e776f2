package dev.relay.gateway.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory and what Relay writes in it (the embedded store, generated secrets) are the
 * owner's only: directories 0700, files 0600. On a file system without POSIX modes (Windows) this
 * does nothing; keep the directory on an owner-only volume there.
 */
public final class OwnerOnly {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private OwnerOnly() {
  }

  /**
   * Creates {@code dir} (and its parents) owner-only, or tightens an existing one we own. A directory
   * we may not change (a mounted volume owned by another user) is left as it is, with a warning.
   */
  public static void directory(Path dir) throws IOException {
    if (!posix(dir)) {
      Files.createDirectories(dir);
      return;
    }
    if (Files.notExists(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }
    tighten(dir, DIRECTORY);
  }

  /** Makes an existing file owner-only. */
  public static void file(Path file) throws IOException {
    if (posix(file)) {
      tighten(file, FILE);
    }
  }

  /** The attribute that creates a new file owner-only, where the file system has modes. */
  public static FileAttribute<?>[] newFile(Path file) {
    return posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
  }

  private static void tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
    if (Files.getPosixFilePermissions(path).equals(wanted)) {
      return;
    }
    try {
      Files.setPosixFilePermissions(path, wanted);
    } catch (IOException e) {
      LOG.atWarn().addKeyValue("path", path.toAbsolutePath()).addKeyValue("error", e.getMessage())
          .log("could not make this owner-only; others on this machine may read it");
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
