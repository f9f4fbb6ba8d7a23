# Reference values for the end-to-end `rapport reliability` test on the bundled demo file.
# psych 2.2.9 (Debian 12: apt-get install r-cran-psych r-cran-jsonlite).
# Run from the repository root:
#   Rscript scripts/reference/make-reliability-cli-reference.R
suppressMessages({ library(psych); library(jsonlite) })
x <- read.csv("Datasets/wai-sr-2000.csv")
scales <- list(task = c(1, 2, 10, 12), bond = c(3, 5, 7, 9), goal = c(4, 6, 8, 11),
               total = c(1, 2, 10, 12, 3, 5, 7, 9, 4, 6, 8, 11))
out <- list()
for (s in names(scales)) {
  it <- x[, paste0("waisr_", scales[[s]])]
  a <- alpha(it, warnings = FALSE)
  n <- nrow(it)
  ci <- alpha.ci(a$total$raw_alpha, n, p.val = .05, n.var = ncol(it), digits = 15)
  o <- suppressWarnings(suppressMessages(omega(it, nfactors = 1, plot = FALSE)))
  out[[s]] <- list(
    raw = a$total$raw_alpha, std = a$total$std.alpha, g6 = a$total[["G6(smc)"]],
    averageR = a$total$average_r, medianR = a$total$median_r, sn = a$total[["S/N"]],
    ase = a$total$ase, mean = a$total$mean, sd = a$total$sd,
    feldtLower = ci$lower.ci, feldtUpper = ci$upper.ci,
    omegaTotal = o$omega.tot,
    rDrop = unname(a$item.stats$r.drop), rawR = unname(a$item.stats$raw.r),
    alphaDrop = unname(a$alpha.drop$raw_alpha))
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE),
           "Tests/RapportCLITests/Fixtures/reliability-wai-sr-2000.json")
