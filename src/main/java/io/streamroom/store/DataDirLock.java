package io.streamroom.store;

import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <data dir>/streamroom.lock}, held while the embedded database runs. The
 * operating system drops it when the process dies, however it dies, so a lock that is held always
 * means a live Streamroom; the file carries that process's pid for the error message.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE_NAME = "streamroom.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws ConfigException naming the other process when another Streamroom holds the lock */
  static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very JVM (another instance started in-process)
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
        channel.close();
        throw ConfigException.of(Setting.DATA_DIR, "another Streamroom" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
            + " is using the data dir " + dataDir.toAbsolutePath() + "; stop it or choose another data dir");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new DataDirLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw ConfigException.of(Setting.DATA_DIR, "cannot lock " + file.toAbsolutePath() + " (" + e.getMessage() + ")");
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
