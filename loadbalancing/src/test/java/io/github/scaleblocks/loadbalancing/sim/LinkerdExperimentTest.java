package io.github.scaleblocks.loadbalancing.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.scaleblocks.loadbalancing.sim.LinkerdExperiment.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkerdExperimentTest {

  @Test
  void printsTheTable() {
    List<Row> rows = LinkerdExperiment.run(LinkerdExperiment.SEED);
    System.out.print(LinkerdExperiment.table(rows));
    assertThat(rows).hasSize(9);
    for (Row row : rows) {
      assertThat(row.result().requests()).isEqualTo(60_000);
    }
  }
}
