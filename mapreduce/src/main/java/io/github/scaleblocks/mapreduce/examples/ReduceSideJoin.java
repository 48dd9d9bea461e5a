package io.github.scaleblocks.mapreduce.examples;

import io.github.scaleblocks.mapreduce.Codec;
import io.github.scaleblocks.mapreduce.Codecs;
import io.github.scaleblocks.mapreduce.MapReduceJob;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A reduce-side (repartition) inner join of customers and orders on the customer id. The mapper
 * emits every row under its customer id; the reducer gets a customer's row and its orders together
 * and writes one {@link Joined} per order. Orders of unknown customers and customers without orders
 * produce nothing (an inner join); the reducer counts them in user counters.
 */
public final class ReduceSideJoin {
  private ReduceSideJoin() {}

  /** A row of either table. */
  public sealed interface Row extends Serializable {}

  /** A customer. */
  public record Customer(long id, String name) implements Row {}

  /** An order by customer {@code customerId}. */
  public record Order(long id, long customerId, long cents) implements Row {}

  /** One joined row. */
  public record Joined(String customer, long orderId, long cents) implements Serializable {}

  /** The join: customer id to its joined rows, in order id order. */
  public static MapReduceJob<Row, Long, Row, List<Joined>> job() {
    return MapReduceJob.<Row, Long, Row, List<Joined>>builder(
            (row, out) -> {
              if (row instanceof Customer c) {
                out.emit(c.id(), c);
              } else if (row instanceof Order o) {
                out.emit(o.customerId(), o);
              }
            },
            (customerId, rows, out) -> {
              Customer customer = null;
              List<Order> orders = new ArrayList<>();
              for (Row row : rows) {
                if (row instanceof Customer c) {
                  customer = c;
                } else if (row instanceof Order o) {
                  orders.add(o);
                }
              }
              if (customer == null) {
                out.increment("orders without customer", orders.size());
                return;
              }
              if (orders.isEmpty()) {
                out.increment("customers without orders", 1);
                return;
              }
              orders.sort(Comparator.comparingLong(Order::id));
              List<Joined> joined = new ArrayList<>(orders.size());
              for (Order order : orders) {
                joined.add(new Joined(customer.name(), order.id(), order.cents()));
              }
              out.write(joined);
            })
        .name("join")
        .keyOrder(Comparator.<Long>naturalOrder())
        .codecs(Codecs.longs(), RowCodec.INSTANCE)
        .build();
  }

  private enum RowCodec implements Codec<Row> {
    INSTANCE;

    @Override
    public void write(Row value, DataOutput out) throws IOException {
      if (value instanceof Customer c) {
        out.writeByte(0);
        out.writeLong(c.id());
        Codecs.string().write(c.name(), out);
      } else if (value instanceof Order o) {
        out.writeByte(1);
        out.writeLong(o.id());
        out.writeLong(o.customerId());
        out.writeLong(o.cents());
      }
    }

    @Override
    public Row read(DataInput in) throws IOException {
      byte tag = in.readByte();
      return switch (tag) {
        case 0 -> new Customer(in.readLong(), Codecs.string().read(in));
        case 1 -> new Order(in.readLong(), in.readLong(), in.readLong());
        default -> throw new IOException("corrupt row tag " + tag);
      };
    }
  }
}
