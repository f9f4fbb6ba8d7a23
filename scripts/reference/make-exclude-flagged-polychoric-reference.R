# Reference values for `rapport reliability --exclude-flagged --correlations polychoric`: the
# kept rows' α and ω come from the polychoric matrix of the kept rows only (psych 2.2.9
# polychoric(smooth = FALSE), then alpha() and omega(nfactors = 1) of its rho), and the
# whole file's from all rows. Run from the repository root:
#   Rscript scripts/reference/make-exclude-flagged-polychoric-reference.R
# Writes Tests/RapportCLITests/Fixtures/exclude-flagged/{polychoric.csv,polychoric-reference.json}.
#
# The data: 500 seeded attentive rows (6 items on 1..5, one factor, ~2% missing) in which no
# answer occurs 4 or more times, so no ordering of the items holds a run of 5 identical answers
# (the long-string rule: a run of >= 5 covering >= 80% of the answered items); and 30
# straight-lined rows (every item 2, or every item 3: never the ceiling, which the screen
# leaves alone by default) at seeded positions. Screening with only the long-string rule
# (--no-flag mahalanobis) therefore flags exactly the 30 planted rows.
suppressMessages({ library(psych) })
stopifnot(packageVersion("psych") == "2.2.9")
source("Tests/RapportStatisticsTests/Fixtures/json17.R")
dir <- "Tests/RapportCLITests/Fixtures/exclude-flagged"
dir.create(dir, showWarnings = FALSE)
set.seed(20261203)
k <- 6
loadings <- c(0.75, 0.7, 0.65, 0.6, 0.7, 0.55)
row <- function() {
  repeat {
    f <- rnorm(1)
    z <- loadings * f + sqrt(1 - loadings^2) * rnorm(k)
    x <- as.numeric(cut(z, c(-Inf, -1.3, -0.4, 0.4, 1.2, Inf)))
    if (max(table(x)) < 4) return(x)
  }
}
attentive <- t(replicate(500, row()))
attentive[matrix(runif(500 * k) < 0.02, 500)] <- NA
planted <- matrix(rep(sample(c(2, 3), 30, replace = TRUE), each = k), 30, byrow = TRUE)
n <- 530
at <- sort(sample(n, 30))
x <- matrix(NA_real_, n, k)
x[at, ] <- planted
x[-at, ] <- attentive
colnames(x) <- paste0("q", 1:k)
d <- as.data.frame(x)
write.csv(d, file.path(dir, "polychoric.csv"), row.names = FALSE, na = "")
kept <- d[-at, ]
poly <- function(d) {
  p <- suppressWarnings(suppressMessages(polychoric(d, smooth = FALSE)))
  a <- suppressWarnings(alpha(p$rho, warnings = FALSE))
  o <- suppressWarnings(suppressMessages(omega(p$rho, nfactors = 1, plot = FALSE)))
  list(alpha = a$total$raw_alpha, averageR = a$total$average_r, g6 = a$total[["G6(smc)"]],
       omega = o$omega.tot, alphaDrop = unname(a$alpha.drop$raw_alpha))
}
out <- list(rows = n, rowsExcluded = length(at), all = poly(d), kept = poly(kept),
            # Pearson α of the kept rows: the same subset, seen through psych's default.
            keptPearsonAlpha = suppressWarnings(alpha(kept, warnings = FALSE))$total$raw_alpha)
write17(out, file.path(dir, "polychoric-reference.json"))
