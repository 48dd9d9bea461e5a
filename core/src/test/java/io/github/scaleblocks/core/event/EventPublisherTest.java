package io.github.scaleblocks.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventPublisherTest {

  @Test
  void noopPublisherHasNoListenersAndIgnoresEvents() {
    EventPublisher<String> events = EventPublisher.noop();
    assertThat(events.hasListeners()).isFalse();
    events.publish("nobody hears this");
    assertThat(EventPublisher.<String>of(List.of())).isSameAs(EventPublisher.noop());
  }

  @Test
  void listenersReceiveEveryEventInRegistrationOrder() {
    List<String> seen = new ArrayList<>();
    EventListener<CharSequence> first = e -> seen.add("1:" + e);
    EventListener<Object> second = e -> seen.add("2:" + e);
    EventPublisher<String> events = EventPublisher.of(List.of(first, second));

    events.publish("a");
    events.publish("b");

    assertThat(events.hasListeners()).isTrue();
    assertThat(seen).containsExactly("1:a", "2:a", "1:b", "2:b");
  }

  @Test
  void aFailingListenerDoesNotStopTheOthersOrTheCaller() {
    List<String> seen = new ArrayList<>();
    EventListener<String> broken =
        e -> {
          throw new IllegalStateException("listener bug");
        };
    EventPublisher<String> events = EventPublisher.of(List.of(broken, seen::add));

    events.publish("event");

    assertThat(seen).containsExactly("event");
  }

  @Test
  void anErrorFromAListenerPropagates() {
    EventListener<String> fatal =
        e -> {
          throw new AssertionError("fatal");
        };
    EventPublisher<String> events = EventPublisher.of(List.of(fatal));
    assertThatThrownBy(() -> events.publish("x")).isInstanceOf(AssertionError.class);
  }

  @Test
  void nullListenersAreRejectedNamingTheirPosition() {
    List<EventListener<String>> listeners = new ArrayList<>();
    listeners.add(e -> {});
    listeners.add(nullListener());
    assertThatThrownBy(() -> EventPublisher.of(listeners))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener at index 1 must not be null");
  }

  @Test
  void theListenerListIsCopiedAtConstruction() {
    List<String> seen = new ArrayList<>();
    List<EventListener<String>> listeners = new ArrayList<>();
    listeners.add(seen::add);
    EventPublisher<String> events = EventPublisher.of(listeners);
    listeners.add(e -> seen.add("late"));

    events.publish("x");

    assertThat(seen).containsExactly("x");
  }

  @Test
  void loggingListenerAcceptsAnyEvent() {
    EventListener<Object> logging = EventListener.logging(LoggerFactory.getLogger("test"));
    EventPublisher<Integer> events = EventPublisher.of(List.of(logging));
    events.publish(42);
    assertThat(events.hasListeners()).isTrue();
  }

  @SuppressWarnings("NullAway") // feeds null to test rejection
  private static EventListener<String> nullListener() {
    return null;
  }
}
