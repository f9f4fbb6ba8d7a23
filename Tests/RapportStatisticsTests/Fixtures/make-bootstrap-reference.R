# Reference values for BootstrapInterval: boot 1.3-28.1's percentile and BCa intervals
# (boot:::perc.ci, boot:::bca.ci with jackknife influence values) on stored replicates.
#
#   Rscript make-bootstrap-reference.R   (writes bootstrap-reference.json next to this script)
#
# The replicates are of psych's omega total (nfactors = 1) on bfi agreeableness, resampled by
# boot::boot; L are boot's jackknife influence values (empinf(type = "jack")). The Swift test
# feeds t, t0 and L to Rapport and compares the intervals (the formula, not the RNG).
suppressMessages({ library(psych); library(psychTools); library(boot) })
stopifnot(packageVersion("boot") == "1.3.28.1")
here <- tryCatch(dirname(sys.frame(1)$ofile), error = function(e) NULL)
if (is.null(here)) {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  here <- if (length(f)) dirname(f) else "."
}
source(file.path(here, "json17.R"))
data(bfi, package = "psychTools")
x <- bfi[1:300, 1:5]
x$A1 <- 7 - x$A1
stat <- function(d, i) {
  r <- cor(d[i, ], use = "pairwise")
  suppressWarnings(suppressMessages(omega(r, nfactors = 1, plot = FALSE)))$omega.tot
}
cases <- list()
for (R in c(999, 1000)) {
  set.seed(R)
  b <- boot(x, stat, R = R)
  L <- empinf(b, type = "jack")
  for (conf in c(0.95, 0.90)) {
    p <- boot:::perc.ci(b$t[, 1], conf = conf)
    q <- boot:::bca.ci(b, conf = conf, t0 = b$t0, t = b$t[, 1], L = L)
    cases[[paste0("R", R, "_", conf * 100)]] <- list(
      t = as.vector(b$t[, 1]), t0 = b$t0, L = as.vector(L), level = conf,
      percentile = c(p[4], p[5]), bca = c(q[4], q[5]))
  }
}
write17(list(boot = as.character(packageVersion("boot")), cases = cases),
        file.path(here, "bootstrap-reference.json"))
