package io.github.scaleblocks.examples.tinyurl;

import io.github.scaleblocks.queueing.spi.PayloadCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The clicks of one shard gathered by one batch of the click consumer: the job the durable click
 * queue stores. {@code id} (a random UUID) makes the write idempotent: the shard records it in the
 * transaction that writes the clicks, so a batch delivered again after a crash is not counted
 * twice.
 */
record ClickBatch(String id, List<Click> clicks) {
  /** A compact binary form: version, id, count, then each click's fields. */
  static final PayloadCodec<ClickBatch> CODEC =
      new PayloadCodec<>() {
        @Override
        public byte[] encode(ClickBatch batch) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + batch.clicks().size() * 48);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF(batch.id());
            out.writeInt(batch.clicks().size());
            for (Click click : batch.clicks()) {
              out.writeUTF(click.code());
              out.writeLong(click.atMillis());
              String host = click.referrerHost();
              out.writeBoolean(host != null);
              if (host != null) {
                out.writeUTF(host);
              }
              out.writeUTF(click.agent());
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return bytes.toByteArray();
        }

        @Override
        public ClickBatch decode(byte[] stored) {
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            int version = in.readByte();
            if (version != 1) {
              throw new IllegalArgumentException("unknown click batch version " + version);
            }
            String id = in.readUTF();
            int size = in.readInt();
            List<Click> clicks = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
              String code = in.readUTF();
              long at = in.readLong();
              String host = in.readBoolean() ? in.readUTF() : null;
              clicks.add(new Click(code, at, Click.dayOf(at), host, in.readUTF()));
            }
            return new ClickBatch(id, List.copyOf(clicks));
          } catch (IOException e) {
            throw new UncheckedIOException("corrupt click batch", e);
          }
        }

        @Override
        public String toString() {
          return "ClickBatch.CODEC";
        }
      };
}
