# Reference values for `rapport audit` on Datasets/srs-ors-sessions.csv, computed in R.
#
#   Rscript Tests/RapportTests/Fixtures/audit/make-audit-reference.R   (from the repository root)
#
# SRS/ORS totals = sum of the four items, missing when any item is missing (the definitions'
# maxMissing = 0). Client mean SRS = mean of the client's administered totals. Therapist
# effect: one-way ANOVA of client means on therapist; ICC(1) with Searle's n0
# = (N - sum(n_i^2)/N)/(g - 1), cross-checked with multilevel::ICC1 (mean group size) and
# psych. Therapist mean = mean of client means, t interval (95%). ORS change = last - first
# administered total; reliable at >= 5 points (the definition's reliableChange).
suppressMessages({ library(jsonlite); library(multilevel) })
d <- read.csv("Datasets/srs-ors-sessions.csv", stringsAsFactors = FALSE)
d$srs <- rowSums(d[, paste0("srs_", 1:4)])
d$ors <- rowSums(d[, paste0("ors_", 1:4)])
cm <- aggregate(srs ~ client + therapist, data = d, FUN = mean)   # NA rows dropped
fit <- anova(lm(srs ~ factor(therapist), data = cm))
msb <- fit[["Mean Sq"]][1]; msw <- fit[["Mean Sq"]][2]
ni <- table(cm$therapist); N <- sum(ni); g <- length(ni)
n0 <- (N - sum(ni^2) / N) / (g - 1)
icc1 <- (msb - msw) / (msb + (n0 - 1) * msw)
th <- lapply(split(cm$srs, cm$therapist), function(x) {
  m <- mean(x); h <- qt(0.975, length(x) - 1) * sd(x) / sqrt(length(x))
  list(clients = length(x), mean = m, lower = m - h, upper = m + h,
       reliability = length(x) * icc1 / (1 + (length(x) - 1) * icc1))
})
ch <- sapply(split(d, d$client), function(x) {
  o <- x$ors[order(x$session)]; o <- o[!is.na(o)]; o[length(o)] - o[1] })
out <- list(icc1 = icc1, F = fit[["F value"]][1], df1 = fit$Df[1], df2 = fit$Df[2],
            p = fit[["Pr(>F)"]][1], icc1MeanGroupSize = ICC1(aov(srs ~ factor(therapist), data = cm)),
            therapists = th,
            orsChange = as.list(ch),
            improved = sum(ch >= 5), deteriorated = sum(ch <= -5), unchanged = sum(abs(ch) < 5))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "Tests/RapportTests/Fixtures/audit/audit-reference.json")
