package org.chargebay.bms.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.chargebay.bms.BmsFamily;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.Rejected;
import org.chargebay.cli.common.DataError;
import org.chargebay.cli.common.Exit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bms decode}: one captured reply to one JSON line with the fixture keys. A rejected frame
 * is a data error with the frame error's code ({@code checksum_mismatch}, {@code truncated}, ...)
 * and its sentence; so are hex that does not parse ({@code bad_hex}) and a family this build does
 * not know ({@code unsupported_family}: a frame of another make, not a typing error).
 */
@Command(
    name = "decode",
    description = {
      "Decodes one captured BMS reply and prints one JSON line with the fixture keys.",
      "A multi-frame Daly 0x95/0x96 reply is passed concatenated."
    })
final class DecodeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand BmsCli bms;

  @Option(
      names = "--family",
      required = true,
      paramLabel = "jbd|jk|daly|ant",
      description = "The BMS family that sent the reply (any case).")
  String family;

  @Option(
      names = "--hex",
      required = true,
      paramLabel = "FRAME",
      description = "The reply as hex digits; whitespace and colons between bytes are allowed.")
  String hex;

  @Option(
      names = "--cells",
      paramLabel = "N",
      converter = BmsCli.IntConverter.class,
      description = "Daly multi-frame replies: how many cells the pack has (0-255).")
  @Nullable Integer cells;

  @Mixin BmsCli.ConventionOptions conventions;

  @Override
  public Integer call() {
    if (cells != null) {
      BmsCli.inRange(spec, "--cells", cells, 0, 255);
    }
    BmsFamily f;
    try {
      f = BmsFamily.parse(family);
    } catch (IllegalArgumentException e) {
      throw new DataError(
          "unsupported_family",
          "Unknown BMS family '" + family + "'; use one of jbd, jk, daly, ant.");
    }
    byte[] frame = parseHex(hex);
    if (frame == null) {
      throw new DataError(
          "bad_hex",
          "The --hex value is not an even number of hex digits (whitespace and colons"
              + " between bytes are allowed).");
    }
    DecodeResult<ObjectNode> result =
        bms.backend.decode(f, frame, conventions.conventions(), cells);
    if (result instanceof Decoded<ObjectNode> decoded) {
      bms.out.println(BmsCli.write(decoded.value()));
      return Exit.OK;
    }
    Rejected<ObjectNode> rejected = (Rejected<ObjectNode>) result;
    throw new DataError(rejected.error().code(), rejected.error().describe());
  }

  private static byte @Nullable [] parseHex(String hex) {
    String digits = hex.replaceAll("[\\s:]", "");
    if (digits.isEmpty() || digits.length() % 2 != 0) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(digits);
    } catch (IllegalArgumentException notHex) {
      return null;
    }
  }
}
