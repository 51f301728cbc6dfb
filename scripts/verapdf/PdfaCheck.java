// Validates PDFs against PDF/A (2b unless --flavour says otherwise) with veraPDF: one JVM for many files.
// Prints PASS or FAIL per file with each failed rule and where it failed; exit 0 when all conform, 1 when one does not,
// 2 on an error.
import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;

public final class PdfaCheck {
  public static void main(String[] args) throws Exception {
    // veraPDF logs XMP parse failures with stack traces through java.util.logging; the failed rules already say it.
    java.util.logging.Logger.getLogger("org.verapdf").setLevel(java.util.logging.Level.SEVERE);
    VeraGreenfieldFoundryProvider.initialise();
    PDFAFlavour flavour = PDFAFlavour.PDFA_2_B;
    int exit = 0;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--flavour")) { flavour = PDFAFlavour.fromString(args[++i]); continue; }
      File file = new File(args[i]);
      // maxDisplayedFailedChecks per rule = 3, logPassed = false, showErrorMessages = true, showProgress = false
      try (PDFAParser parser = Foundries.defaultInstance().createParser(file, flavour);
           PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, 3, false, true, false)) {
        ValidationResult result = validator.validate(parser);
        System.out.printf("%s: %s (PDF/A-%s, %d checks)%n", file, result.isCompliant() ? "PASS" : "FAIL",
            flavour.getId(), result.getTotalAssertions());
        Map<String, RuleId> byKey = new TreeMap<>();
        for (RuleId id : result.getFailedChecks().keySet()) byKey.put(id.getClause() + "-" + id.getTestNumber(), id);
        for (Map.Entry<String, RuleId> e : byKey.entrySet()) {
          RuleId id = e.getValue();
          Rule rule = validator.getProfile().getRuleByRuleId(id);
          System.out.printf("  rule %s x%d: %s%n", e.getKey(), result.getFailedChecks().get(id), rule == null ? "" : rule.getDescription());
          for (TestAssertion a : result.getTestAssertions()) {
            if (a.getRuleId().equals(id) && a.getStatus() == TestAssertion.Status.FAILED) {
              System.out.printf("      at %s: %s%n", a.getLocation() == null ? "?" : a.getLocation().getContext(), a.getErrorMessage());
            }
          }
        }
        if (!result.isCompliant()) exit = Math.max(exit, 1);
      } catch (Exception ex) {
        System.out.printf("%s: ERROR %s%n", file, ex);
        exit = 2;
      }
    }
    System.exit(exit);
  }
}
