/* Writes Tests/RapportTests/Fixtures/formats/wai-sr-240.por, the SPSS portable version of the
   simulated WAI-SR study. R haven cannot write .por files, so this uses ReadStat's writer
   (the reader Rapport uses is a separate code path in the same library).

     apt-get install -y libreadstat-dev
     cc -O2 -o /tmp/make-por scripts/reference/make-por-fixture.c -lreadstat
     /tmp/make-por Tests/RapportTests/Fixtures/formats/wai-sr-240.csv \
                   Tests/RapportTests/Fixtures/formats/wai-sr-240.por

   Portable files hold upper-case names only (ReadStat's writer crashes on lower case: issue
   WizardMac/ReadStat#184): the variables are ID and WAISR_1..WAISR_12 (read with
   --id ID --prefix WAISR_).

   Same answers as the CSV and the .sav (scripts/reference/make-format-fixtures.R): value
   labels Seldom..Always plus 9 "No answer" and 98 "Refused"; user-missing 9 and 97-99; the
   CSV's empty cells, in row-major order, become 9, 98 and system-missing in turn.
   ReadStat 1.1.8 (Debian 12). */
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ssize_t write_bytes(const void *data, size_t len, void *ctx) {
    return fwrite(data, 1, len, (FILE *)ctx) == len ? (ssize_t)len : -1;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: make-por IN.csv OUT.por\n"); return 2; }
    FILE *in = fopen(argv[1], "r");
    if (!in) { perror(argv[1]); return 1; }
    char line[4096];
    char ids[1000][16];
    char cells[1000][12][8];
    int rows = 0;
    if (!fgets(line, sizeof line, in)) return 1; /* header */
    while (rows < 1000 && fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = 0;
        char *p = line;
        for (int c = 0; c < 13; c++) {
            char *comma = strchr(p, ',');
            if (comma) *comma = 0;
            if (c == 0) snprintf(ids[rows], sizeof ids[rows], "%s", p);
            else snprintf(cells[rows][c - 1], sizeof cells[rows][c - 1], "%s", p);
            p = comma ? comma + 1 : p + strlen(p);
        }
        rows++;
    }
    fclose(in);

    FILE *out = fopen(argv[2], "wb");
    if (!out) { perror(argv[2]); return 1; }
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_bytes);
    readstat_writer_set_file_timestamp(w, 1767225600); /* 2026-01-01: reproducible bytes */
    readstat_writer_set_file_label(w, "Simulated WAI-SR study (rapport simulate --seed 16)");
    readstat_label_set_t *labels = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "frequency5");
    const char *anchors[] = {"Seldom", "Sometimes", "Fairly often", "Very often", "Always"};
    for (int v = 1; v <= 5; v++) readstat_label_double_value(labels, v, anchors[v - 1]);
    readstat_label_double_value(labels, 9, "No answer");
    readstat_label_double_value(labels, 98, "Refused");

    readstat_variable_t *id = readstat_add_variable(w, "ID", READSTAT_TYPE_STRING, 8);
    readstat_variable_set_label(id, "Participant");
    readstat_variable_t *items[12];
    for (int j = 0; j < 12; j++) {
        char name[16], label[32];
        snprintf(name, sizeof name, "WAISR_%d", j + 1);
        snprintf(label, sizeof label, "WAI-SR item %d", j + 1);
        items[j] = readstat_add_variable(w, name, READSTAT_TYPE_DOUBLE, 0);
        readstat_variable_set_label(items[j], label);
        readstat_variable_set_label_set(items[j], labels);
        readstat_variable_add_missing_double_value(items[j], 9);
        readstat_variable_add_missing_double_range(items[j], 97, 99);
    }
    if (readstat_begin_writing_por(w, out, rows) != READSTAT_OK) { fprintf(stderr, "begin failed\n"); return 1; }
    int missing = 0;
    for (int r = 0; r < rows; r++) {
        if (readstat_begin_row(w) != READSTAT_OK) { fprintf(stderr, "row %d failed\n", r + 1); return 1; }
        readstat_insert_string_value(w, id, ids[r]);
        for (int j = 0; j < 12; j++) {
            if (cells[r][j][0] == 0) {
                int kind = missing++ % 3;
                if (kind == 2) readstat_insert_missing_value(w, items[j]);
                else readstat_insert_double_value(w, items[j], kind == 0 ? 9 : 98);
            } else {
                readstat_insert_double_value(w, items[j], atof(cells[r][j]));
            }
        }
        readstat_end_row(w);
    }
    readstat_error_t e = readstat_end_writing(w);
    readstat_writer_free(w);
    fclose(out);
    if (e != READSTAT_OK) { fprintf(stderr, "write failed: %s\n", readstat_error_message(e)); return 1; }
    printf("wrote %d rows, %d missing cells\n", rows, missing);
    return 0;
}
