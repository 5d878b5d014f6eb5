package org.chargebay.events;

import java.time.Instant;

/**
 * A person gave a command: an operator's start, stop, ceiling change or acknowledgement, an
 * administrator's bay added, changed or removed, a user added, changed or removed on the command
 * line. Recorded, done or refused, in the stream {@value #STREAM}, which no bay folds; it is in the
 * journal (and so relayed to Kafka) like every other event.
 *
 * <p>Its time is the wall clock (UTC), not the bays' controller clock: the audit says when a person
 * acted, comparable with access logs, also while the demo runs its clock fast.
 *
 * @param at when the command was handled (wall clock, UTC)
 * @param by the authenticated user, e.g. {@code alice}, or {@code cli:<os user>} for the command
 *     line; never a name from a request body
 * @param from the client address, or {@code local} for the command line
 * @param action what was asked, snake_case, e.g. {@code charge_stop}, {@code user_added}
 * @param target what it was asked of: a bay id or a user name
 * @param outcome {@code done} or {@code refused}
 * @param detail one line: the profile, the note, the role, or why it was refused
 */
public record CommandAudited(
    Instant at, String by, String from, String action, String target, String outcome, String detail)
    implements ChargeEvent {

  /** The stream that holds the audit trail. */
  public static final String STREAM = "audit";

  /** An audit entry belongs to no charge session: the empty string. */
  @Override
  public String sessionId() {
    return "";
  }
}
