# Descriptive checks of the demo files (the numbers quoted in Datasets/README.md).
# Run from the repository root: Rscript Datasets/describe.R   (needs r-cran-psych)
suppressMessages(library(psych))
d <- "Datasets"
w <- read.csv(file.path(d, "wai-sr-2000.csv"))
cl <- read.csv(file.path(d, "wai-sr-2000.careless.csv"))
x <- w[-cl$row, -1]
cat(sprintf("wai-sr-2000: %d rows, %d careless (%d straight-line); non-careless: missing %.4f, alpha %.3f, item means %.2f-%.2f\n",
    nrow(w), nrow(cl), sum(cl$kind == "straight-line"), mean(is.na(x)), alpha(x)$total$raw_alpha,
    min(colMeans(x, na.rm = TRUE)), max(colMeans(x, na.rm = TRUE))))
for (s in list(task = c(1, 2, 10, 12), bond = c(3, 5, 7, 9), goal = c(4, 6, 8, 11)))
  cat(sprintf("  subscale alpha %.3f\n", alpha(x[, s])$total$raw_alpha))

raw <- read.csv(file.path(d, "care-800.csv"), colClasses = "character")
c <- read.csv(file.path(d, "care-800.csv"), na.strings = c("", "N/A"))
cat(sprintf("care-800: N/A share item 9 %.4f, item 10 %.4f; other items N/A %d; empty %.4f; mean total (complete rows) %.1f; share of 5s %.2f; alpha %.3f\n",
    mean(raw$care_9 == "N/A"), mean(raw$care_10 == "N/A"), sum(as.matrix(raw[, 2:9]) == "N/A"),
    mean(as.matrix(raw[, -1]) == ""), mean(rowSums(c[, -1]), na.rm = TRUE),
    mean(as.matrix(c[, -1]) == 5, na.rm = TRUE), alpha(c[, -1])$total$raw_alpha))

e <- read.csv(file.path(d, "ebpas-400.csv"))
sc <- list(openness = c(1, 2, 4, 8), divergence = c(3, 5, 6, 7), appeal = c(9, 10, 14, 15), requirements = c(11, 12, 13))
m <- sapply(sc, function(i) rowMeans(e[, i + 1], na.rm = TRUE))
cat("ebpas-400: subscale alphas", round(sapply(sc, function(i) alpha(e[, i + 1])$total$raw_alpha), 2),
    "; divergence vs the others r =", round(cor(m)[2, -2], 2), "\n")

s <- read.csv(file.path(d, "srs-ors-sessions.csv"))
ev <- read.csv(file.path(d, "srs-ors-sessions.events.csv"))
srs <- rowSums(s[, paste0("srs_", 1:4)]); ors <- rowSums(s[, paste0("ors_", 1:4)])
first <- tapply(ors, s$client, function(v) v[!is.na(v)][1])
last <- tapply(ors, s$client, function(v) tail(v[!is.na(v)], 1))
cat(sprintf("srs-ors-sessions: %d clients, %d therapists, %d rows; SRS mean %.1f (SD %.1f), %.0f%% below 36; ORS intake %.1f (SD %.1f) -> last %.1f\n",
    length(unique(s$client)), length(unique(s$therapist)), nrow(s), mean(srs, na.rm = TRUE), sd(srs, na.rm = TRUE),
    100 * mean(srs < 36, na.rm = TRUE), mean(first), sd(first), mean(last)))
print(table(ev$event))
