package org.chargebay.events.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chargebay.events.ChargeCompleted;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeResumed;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.ChargeStopped;
import org.chargebay.events.ChargeSuspended;
import org.chargebay.events.CutOff;
import org.chargebay.events.Evidence;
import org.chargebay.events.PackIdentified;
import org.chargebay.events.PhaseChanged;
import org.chargebay.events.ResistanceMeasured;
import org.chargebay.events.SetpointChanged;
import org.chargebay.events.StartRefused;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.jspecify.annotations.Nullable;

/**
 * The history of each pack, whichever bay charged it: a projection of the journal, rebuilt on every
 * call. A pack's stream {@code pack-<id>} names its sessions ({@link PackIdentified}) and holds its
 * resistance estimates ({@link ResistanceMeasured}); each session's charge, highest cell and
 * imbalance come from the evidence in the bay's own stream.
 */
public final class PackHistory {
  /** Stream ids of packs start so. */
  public static final String PACK_STREAM_PREFIX = "pack-";

  private PackHistory() {}

  /** One resistance estimate: at a current step of the session. */
  public record Measurement(Instant at, String cause, int milliohms) {}

  /**
   * One session of the pack.
   *
   * @param outcome {@code OPEN}, {@code COMPLETED}, {@code STOPPED}, {@code CUT_OFF}, {@code
   *     FAULTED}; {@code UNKNOWN} if the bay's stream does not have the session
   * @param highestCellMillivolts the highest cell any of the session's evidence showed
   * @param imbalanceMillivolts highest minus lowest cell in the session's last evidence with cells
   * @param resistanceMilliohms the session's estimate: the median of its measurements, null if none
   * @param bmsCycles the BMS's cycle count at the start, null if it reports none
   */
  public record PackSession(
      String sessionId,
      String bayId,
      Instant startedAt,
      @Nullable Instant endedAt,
      String outcome,
      long chargedMilliampHours,
      @Nullable Integer highestCellMillivolts,
      @Nullable Integer imbalanceMillivolts,
      @Nullable Integer resistanceMilliohms,
      List<Measurement> measurements,
      @Nullable Integer bmsCycles) {
    public PackSession {
      measurements = List.copyOf(measurements);
    }
  }

  /**
   * A pack.
   *
   * @param source {@code bms} (hardware id) or {@code label}, as of the last session
   * @param sessions oldest first
   * @param chargedMilliampHours Ah in over all sessions, mAh
   * @param bmsCycles the cycle count the BMS reported at the last session start
   * @param equivalentFullCycles Ah in divided by the BMS's design capacity, null if unknown
   */
  public record Pack(
      String packId,
      String source,
      List<PackSession> sessions,
      long chargedMilliampHours,
      @Nullable Integer bmsCycles,
      @Nullable Double equivalentFullCycles) {
    public Pack {
      sessions = List.copyOf(sessions);
    }

    /** The highest cell of each session, oldest first (null where unknown). */
    public List<@Nullable Integer> highestCellTrend() {
      return sessions.stream().map(PackSession::highestCellMillivolts).toList();
    }

    /** The end-of-session imbalance of each session, oldest first. */
    public List<@Nullable Integer> imbalanceTrend() {
      return sessions.stream().map(PackSession::imbalanceMillivolts).toList();
    }

    /** The resistance estimate of each session, oldest first. */
    public List<@Nullable Integer> resistanceTrend() {
      return sessions.stream().map(PackSession::resistanceMilliohms).toList();
    }
  }

  /** Every pack, by id, sorted. */
  public static Map<String, Pack> all(EventStore store, EventCodec codec) {
    Map<String, Pack> packs = new LinkedHashMap<>();
    Map<String, List<ChargeEvent>> bayCache = new HashMap<>();
    for (String stream : store.streamIds()) {
      if (stream.startsWith(PACK_STREAM_PREFIX)) {
        String id = stream.substring(PACK_STREAM_PREFIX.length());
        fold(store, codec, id, bayCache).ifPresent(p -> packs.put(id, p));
      }
    }
    return packs;
  }

  /** One pack, if the journal has it. */
  public static Optional<Pack> of(EventStore store, EventCodec codec, String packId) {
    return fold(store, codec, packId, new HashMap<>());
  }

  private static Optional<Pack> fold(
      EventStore store, EventCodec codec, String packId, Map<String, List<ChargeEvent>> bays) {
    List<ChargeEvent> events =
        store.readStream(PackIdentified.streamOf(packId), 1).stream().map(codec::decode).toList();
    Map<String, PackIdentified> sessions = new LinkedHashMap<>();
    Map<String, List<Measurement>> measured = new HashMap<>();
    for (ChargeEvent e : events) {
      if (e instanceof PackIdentified p) {
        sessions.putIfAbsent(p.sessionId(), p);
      } else if (e instanceof ResistanceMeasured r) {
        measured
            .computeIfAbsent(r.sessionId(), k -> new ArrayList<>())
            .add(new Measurement(r.at(), r.cause(), r.milliohms()));
      }
    }
    if (sessions.isEmpty()) {
      return Optional.empty();
    }
    List<PackSession> out = new ArrayList<>();
    String source = "label";
    Integer cycles = null;
    Integer nominal = null;
    long total = 0;
    for (PackIdentified p : sessions.values()) {
      List<ChargeEvent> bayEvents =
          bays.computeIfAbsent(
              p.bayId(), b -> store.readStream("bay-" + b, 1).stream().map(codec::decode).toList());
      PackSession s = session(p, bayEvents, measured.getOrDefault(p.sessionId(), List.of()));
      out.add(s);
      total += s.chargedMilliampHours();
      source = p.source();
      if (p.bmsCycles() != null) {
        cycles = p.bmsCycles();
      }
      if (p.nominalMilliampHours() != null) {
        nominal = p.nominalMilliampHours();
      }
    }
    out.sort(Comparator.comparing(PackSession::startedAt));
    Double equivalent = nominal == null ? null : total / (double) nominal;
    return Optional.of(new Pack(packId, source, out, total, cycles, equivalent));
  }

  private static PackSession session(
      PackIdentified p, List<ChargeEvent> bayEvents, List<Measurement> measurements) {
    SessionHistory history = SessionHistory.empty();
    Integer highest = null;
    Integer imbalance = null;
    for (ChargeEvent e : bayEvents) {
      if (!e.sessionId().equals(p.sessionId())) {
        continue;
      }
      history = history.evolve(e);
      Evidence ev = evidenceOf(e);
      if (ev != null && ev.bms() != null && !ev.bms().cellMillivolts().isEmpty()) {
        int max = ev.bms().cellMaxMillivolts();
        highest = highest == null ? max : Math.max(highest, max);
        imbalance = max - ev.bms().cellMinMillivolts();
      }
    }
    Optional<SessionHistory.Session> s = history.session(p.sessionId());
    return new PackSession(
        p.sessionId(),
        p.bayId(),
        s.map(SessionHistory.Session::startedAt).orElse(p.at()),
        s.map(SessionHistory.Session::endedAt).orElse(null),
        s.map(x -> x.outcome().name()).orElse("UNKNOWN"),
        s.map(SessionHistory.Session::chargedMilliampHours).orElse(0L),
        highest,
        imbalance,
        median(measurements),
        measurements,
        p.bmsCycles());
  }

  private static @Nullable Integer median(List<Measurement> measurements) {
    if (measurements.isEmpty()) {
      return null;
    }
    int[] values = measurements.stream().mapToInt(Measurement::milliohms).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (int) Math.round((values[n / 2 - 1] + values[n / 2]) / 2.0);
  }

  private static @Nullable Evidence evidenceOf(ChargeEvent e) {
    if (e instanceof ChargeStarted x) {
      return x.evidence();
    } else if (e instanceof PhaseChanged x) {
      return x.evidence();
    } else if (e instanceof SetpointChanged x) {
      return x.evidence();
    } else if (e instanceof CutOff x) {
      return x.evidence();
    } else if (e instanceof ChargeCompleted x) {
      return x.evidence();
    } else if (e instanceof ChargeStopped x) {
      return x.evidence();
    } else if (e instanceof ChargeSuspended x) {
      return x.evidence();
    } else if (e instanceof ChargeResumed x) {
      return x.evidence();
    } else if (e instanceof StartRefused x) {
      return x.evidence();
    }
    return null;
  }
}
