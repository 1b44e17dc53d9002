package io.leadloop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leadloop.testing.Unit;
import org.junit.jupiter.api.Test;

@Unit
class CsvExportTest {

    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("webinar", CsvExport.quote("webinar"));
        assertEquals("\"no budget, yet\"", CsvExport.quote("no budget, yet"));
        assertEquals("\"the \"\"big\"\" one\"", CsvExport.quote("the \"big\" one"));
    }

    @Test
    void crmTextThatASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertEquals("'=HYPERLINK(\"http://x\")", CsvExport.text("=HYPERLINK(\"http://x\")"));
        assertEquals("'+cmd", CsvExport.text("+cmd"));
        assertEquals("'@SUM(A1)", CsvExport.text("@SUM(A1)"));
        assertEquals("q4-brand", CsvExport.text("q4-brand"));
    }

    @Test
    void numbersHaveNoExponentAndNoTrailingZeros() {
        assertEquals("25", CsvExport.decimal(25.0));
        assertEquals("33.3333", CsvExport.decimal(100.0 / 3));
        assertEquals("-4.2", CsvExport.decimal(-4.2));
        assertEquals("0.0001", CsvExport.decimal(0.0001));
    }
}
