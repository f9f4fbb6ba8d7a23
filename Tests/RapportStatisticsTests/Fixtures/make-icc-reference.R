# Reference values for Rapport's intraclass correlations, computed by psych 2.2.9 ICC().
#
#   Rscript make-icc-reference.R     (writes icc-reference.json next to this script)
#
# Cases: Shrout & Fleiss (1979) 6 targets x 4 judges; seeded synthetic ratings, complete
# and with ~10% missing cells; a case where the rater variance component is at zero.
# For each: psych's balanced ANOVA (lmer = FALSE; on complete targets only, na.omit) and
# psych's default REML variance components (lmer = TRUE, lme4), at alpha = .05 and .10.
suppressMessages({ library(psych); library(jsonlite); library(lme4); library(multilevel) })
stopifnot(packageVersion("psych") == "2.2.9")

sf <- matrix(c(9, 6, 8, 7, 10, 6,
               2, 1, 4, 1, 5, 2,
               5, 3, 6, 2, 6, 4,
               8, 2, 8, 6, 9, 7), ncol = 4)

set.seed(20261126)
synth <- function(n, k, sdTarget, sdRater, sdError, missing) {
  t <- rnorm(n, 0, sdTarget)
  b <- rnorm(k, 0, sdRater)
  x <- outer(t, b, "+") + matrix(rnorm(n * k, 0, sdError), n) + 5
  x <- round(x, 1)
  if (missing > 0) {
    x[matrix(runif(n * k) < missing, n)] <- NA
    x[rowSums(!is.na(x)) == 0, 1] <- 5   # keep every target rated at least once
  }
  x
}
complete <- synth(40, 4, 1.2, 0.5, 0.8, 0)
withMissing <- synth(30, 5, 1.0, 0.4, 0.7, 0.10)
# Rater means nearly equal: the REML rater variance is 0 (boundary), ANOVA's is negative.
boundary <- synth(25, 3, 1.0, 0.0, 1.0, 0)
boundary <- sweep(boundary, 2, colMeans(boundary) - mean(boundary))

mat <- function(m) unname(lapply(seq_len(nrow(m)), function(i) unname(m[i, ])))

table <- function(r) {
  res <- r$results
  list(icc = unname(res$ICC), F = unname(res$F), df1 = unname(res$df1),
       df2 = unname(res$df2), p = unname(res$p),
       lower = unname(res[["lower bound"]]), upper = unname(res[["upper bound"]]))
}
run <- function(x, lmer, alpha) {
  r <- suppressWarnings(suppressMessages(ICC(x, lmer = lmer, alpha = alpha)))
  ms <- r$stats[3, ]
  c(table(r), list(nObs = r$n.obs, raters = r$n.judge, MSB = unname(ms[1]),
                   MSJ = unname(ms[2]), MSE = unname(ms[3]), MSW = unname(r$MSW)))
}
case <- function(x) {
  cc <- x[complete.cases(x), , drop = FALSE]
  list(ratings = mat(ifelse(is.na(x), -999, x)),  # -999 marks a missing cell
       anova05 = run(cc, FALSE, 0.05), anova10 = run(cc, FALSE, 0.10),
       lmer05 = run(x, TRUE, 0.05), lmer10 = run(x, TRUE, 0.10))
}

out <- list(psych = as.character(packageVersion("psych")),
            lme4 = as.character(packageVersion("lme4")),
            cases = list(shroutFleiss = case(sf), complete = case(complete),
                         missing = case(withMissing), boundary = case(boundary)))

# One-way ICC of clients nested in therapists (unbalanced): aov mean squares,
# multilevel::ICC1/ICC2 (group size = mean) and the ANOVA estimator with Searle's n0.
set.seed(7)
sizes <- c(2, 3, 5, 8, 12, 4, 6, 15, 7, 3, 9, 5)
therapist <- factor(rep(seq_along(sizes), sizes))
effect <- rnorm(length(sizes), 0, 0.6)
y <- round(30 + 2 * effect[therapist] + rnorm(length(therapist), 0, 3), 2)
fit <- aov(y ~ therapist)
tab <- summary(fit)[[1]]
N <- length(y); g <- length(sizes)
n0 <- (N - sum(sizes^2) / N) / (g - 1)
MSB <- tab[1, 3]; MSW <- tab[2, 3]
out$oneway <- list(
  groups = unname(split(y, therapist)),
  MSB = MSB, MSW = MSW, F = tab[1, 4], p = tab[1, 5], df1 = tab[1, 1], df2 = tab[2, 1],
  n0 = n0,
  icc1Adjusted = (MSB - MSW) / (MSB + (n0 - 1) * MSW),
  icc1Mean = ICC1(fit), icc2 = ICC2(fit))

args <- commandArgs(trailingOnly = FALSE)
f <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(f)) dirname(f) else "."
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = FALSE),
           file.path(here, "icc-reference.json"))
