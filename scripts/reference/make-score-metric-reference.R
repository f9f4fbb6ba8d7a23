# Reference values for the score metric of `rapport reliability` (issue 15 §5): the mean, SD
# and SEM of the score the instrument defines, beside psych's item-mean person score.
# psych 2.2.9. Run from the repository root:
#   Rscript scripts/reference/make-score-metric-reference.R
# Writes Tests/RapportCLITests/Fixtures/score-metric.json.
suppressMessages({ library(psych) })
stopifnot(packageVersion("psych") == "2.2.9")
source("Tests/RapportStatisticsTests/Fixtures/json17.R")
out <- list()

# SRS: sum of the 4 lines, all 4 required (srs.xml: maxMissing 0).
x <- read.csv("Datasets/srs-ors-sessions.csv")
srs <- x[, paste0("srs_", 1:4)]
a <- alpha(srs, warnings = FALSE)
sum4 <- rowSums(srs)                       # NA unless all four answered
out$srs <- list(mean = mean(sum4, na.rm = TRUE), sd = sd(sum4, na.rm = TRUE), n = sum(!is.na(sum4)),
                sem = sd(sum4, na.rm = TRUE) * sqrt(1 - a$total$raw_alpha),
                itemMean = a$total$mean, itemSD = a$total$sd,
                itemSEM = a$total$sd * sqrt(1 - a$total$raw_alpha))

# WAI-SR: subscales are item means with at least 3 of 4 answered; the total is the mean of
# the three subscale means, all three required (wai-sr.xml).
w <- read.csv("Datasets/wai-sr-2000.csv")
sub <- list(task = c(1, 2, 10, 12), bond = c(3, 5, 7, 9), goal = c(4, 6, 8, 11))
subscore <- sapply(sub, function(it) {
  m <- w[, paste0("waisr_", it)]
  s <- rowMeans(m, na.rm = TRUE)
  s[rowSums(!is.na(m)) < 3] <- NA
  s
})
total <- rowMeans(subscore)                # NA unless all three sub-scales are valid
at <- alpha(w[, paste0("waisr_", unlist(sub))], warnings = FALSE)
out$waiTotal <- list(mean = mean(total, na.rm = TRUE), sd = sd(total, na.rm = TRUE), n = sum(!is.na(total)),
                     sem = sd(total, na.rm = TRUE) * sqrt(1 - at$total$raw_alpha),
                     itemMean = at$total$mean, itemSD = at$total$sd)
task <- subscore[, "task"]
ak <- alpha(w[, paste0("waisr_", sub$task)], warnings = FALSE)
out$waiTask <- list(mean = mean(task, na.rm = TRUE), sd = sd(task, na.rm = TRUE), n = sum(!is.na(task)),
                    itemMean = ak$total$mean, itemSD = ak$total$sd)
write17(out, "Tests/RapportCLITests/Fixtures/score-metric.json")
