# Writes the SPSS and Stata versions of the simulated WAI-SR study used by the data-format
# tests (Tests/RapportTests/Fixtures/formats/). CI has no R: the outputs are committed.
#
#   Rscript scripts/reference/make-format-fixtures.R
#
# Input: wai-sr-240.csv, made by
#   rapport simulate --instrument wai-sr --rows 240 --missing 0.04 --seed 16 -o wai-sr-240.csv
# Versions: R 4.2.2, haven 2.5.1 (Debian 12 r-cran-haven), ReadStat inside haven.
#
# Every file holds the same answers as the CSV; only the way a missing answer is stored
# differs, so each scores exactly like the CSV:
# - wai-sr-240.sav / .zsav: item variables waisr_1..waisr_12 with value labels (the
#   WAI-SR anchors, plus 9 "No answer" and 98 "Refused"); user-missing values 9 (discrete)
#   and 97-99 (range). The CSV's empty cells become 9, 98 or system-missing in turn.
# - wai-sr-240.dta: item variables wai_1..wai_12 (read with --prefix wai_), value labels;
#   empty cells become Stata's tagged missing .a or plain missing in turn.
# - wai-sr-coded0.sav: the first 40 rows coded 0-4 instead of 1-5, labelled with the
#   anchors: it scores like the CSV only when the labels are read (--value-labels).
# - invalid.sav: six rows; row 4 of waisr_3 holds 7, outside 1-5 and not declared missing.
suppressPackageStartupMessages(library(haven))

here <- "Tests/RapportTests/Fixtures/formats"
csv <- read.csv(file.path(here, "wai-sr-240.csv"), colClasses = c(id = "character"))
items <- sprintf("waisr_%d", 1:12)
anchors <- c(Seldom = 1, Sometimes = 2, "Fairly often" = 3, "Very often" = 4, Always = 5)

# Row-major order of the missing cells, so the 9 / 98 / sysmis pattern is easy to follow.
miss <- which(t(is.na(as.matrix(csv[items]))))
kind <- integer(length(as.matrix(csv[items])))
kind[miss] <- (seq_along(miss) - 1) %% 3          # 0 -> 9, 1 -> 98, 2 -> system missing
kind <- matrix(kind, nrow = nrow(csv), byrow = TRUE)

sav <- data.frame(id = csv$id)
for (j in seq_along(items)) {
  x <- as.numeric(csv[[items[j]]])
  x[is.na(x) & kind[, j] == 0] <- 9
  x[is.na(x) & kind[, j] == 1] <- 98
  sav[[items[j]]] <- labelled_spss(x, labels = c(anchors, "No answer" = 9, Refused = 98),
                                   na_values = 9, na_range = c(97, 99),
                                   label = sprintf("WAI-SR item %d", j))
}
attr(sav$id, "label") <- "Participant"
write_sav(sav, file.path(here, "wai-sr-240.sav"))
write_sav(sav, file.path(here, "wai-sr-240.zsav"), compress = "zsav")

dta <- data.frame(id = csv$id)
for (j in seq_along(items)) {
  x <- as.numeric(csv[[items[j]]])
  x[is.na(x) & kind[, j] == 0] <- tagged_na("a")
  dta[[sprintf("wai_%d", j)]] <- labelled(x, labels = c(anchors, "No answer" = tagged_na("a")),
                                          label = sprintf("WAI-SR item %d", j))
}
write_dta(dta, file.path(here, "wai-sr-240.dta"), version = 15)

coded <- data.frame(id = csv$id[1:40])
for (j in seq_along(items)) {
  x <- as.numeric(csv[[items[j]]][1:40]) - 1
  coded[[items[j]]] <- labelled_spss(x, labels = anchors - 1)
}
write_sav(coded, file.path(here, "wai-sr-coded0.sav"))

bad <- data.frame(id = csv$id[1:6])
for (j in seq_along(items)) bad[[items[j]]] <- as.numeric(csv[[items[j]]][1:6])
bad$waisr_3[4] <- 7
write_sav(bad, file.path(here, "invalid.sav"))
