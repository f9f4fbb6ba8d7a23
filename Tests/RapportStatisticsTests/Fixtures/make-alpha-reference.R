# Reference values for Rapport's alpha analysis, from psych 2.2.9 (Debian 12:
# apt-get install r-cran-psych r-cran-psychtools r-cran-jsonlite). Run from the repository root:
#   Rscript Tests/RapportStatisticsTests/Fixtures/make-alpha-reference.R
# Writes, in Tests/RapportStatisticsTests/Fixtures/:
#   bfi-items.csv        psychTools::bfi, the 25 personality items (2800 rows, NA = empty)
#   synthetic-items.csv  seeded 500 x 8 items on 1..5, items 3 and 7 reverse-keyed, ~3% missing
#   alpha-reference.json psych::alpha results for every scale, pairwise and listwise
suppressMessages({ library(psych); library(psychTools) })
source("Tests/RapportStatisticsTests/Fixtures/json17.R")
dir <- "Tests/RapportStatisticsTests/Fixtures"
stopifnot(packageVersion("psych") == "2.2.9")

bfi25 <- psychTools::bfi[, 1:25]
write.csv(bfi25, file.path(dir, "bfi-items.csv"), row.names = FALSE, na = "")

# Synthetic: one factor, loadings .5–.8, cut to 1..5; items 3 and 7 reversed; 3% MCAR missing.
set.seed(20261126)
n <- 500; k <- 8
f <- rnorm(n)
lam <- c(.7, .6, .8, .5, .65, .75, .55, .6)
syn <- sapply(1:k, function(j) {
  z <- lam[j] * f + sqrt(1 - lam[j]^2) * rnorm(n)
  if (j %in% c(3, 7)) z <- -z
  as.integer(cut(z, c(-Inf, -1.2, -0.4, 0.4, 1.2, Inf)))
})
colnames(syn) <- paste0("S", 1:k)
syn[matrix(runif(n * k) < 0.03, n, k)] <- NA
write.csv(syn, file.path(dir, "synthetic-items.csv"), row.names = FALSE, na = "")

one <- function(x, keys, label) {
  a <- alpha(x, keys = keys, warnings = FALSE)
  tot <- a$total
  k <- ncol(x)
  nsub <- nrow(x)
  ci90 <- alpha.ci(tot$raw_alpha, nsub, k, p.val = 0.10)
  rf <- a$response.freq
  list(
    label = label, rows = nsub, items = colnames(x), reversed = colnames(x) %in% keys,
    complete = sum(complete.cases(x)),
    raw = tot$raw_alpha, std = tot$std.alpha, g6 = tot[["G6(smc)"]], averageR = tot$average_r,
    sn = tot[["S/N"]], ase = tot$ase, mean = tot$mean, sd = tot$sd, medianR = tot$median_r,
    varR = a$var.r,
    feldt95 = unname(as.numeric(c(a$feldt$lower.ci, a$feldt$upper.ci))),
    feldt90 = unname(as.numeric(c(ci90$lower.ci, ci90$upper.ci))),
    duhachek95 = unname(c(tot$raw_alpha - qnorm(0.975) * tot$ase, tot$raw_alpha + qnorm(0.975) * tot$ase)),
    drop = lapply(as.list(a$alpha.drop), as.numeric),
    stats = lapply(as.list(a$item.stats), as.numeric),
    freqValues = as.numeric(colnames(rf)[colnames(rf) != "miss"]),
    freq = unname(lapply(seq_len(nrow(rf)), function(i) as.numeric(rf[i, colnames(rf) != "miss"]))),
    miss = as.numeric(rf[, "miss"]),
    corPairwise = as.numeric(cor(x, use = "pairwise")),
    covPairwise = as.numeric(cov(x, use = "pairwise"))
  )
}

scales <- list(
  agreeableness = list(items = paste0("A", 1:5), keys = "A1"),
  conscientiousness = list(items = paste0("C", 1:5), keys = c("C4", "C5")),
  extraversion = list(items = paste0("E", 1:5), keys = c("E1", "E2")),
  neuroticism = list(items = paste0("N", 1:5), keys = character(0)),
  openness = list(items = paste0("O", 1:5), keys = c("O2", "O5"))
)
cases <- list()
for (nm in names(scales)) {
  s <- scales[[nm]]
  x <- bfi25[, s$items]
  keys <- if (length(s$keys)) s$keys else NULL
  cases[[length(cases) + 1]] <- c(one(x, keys, paste0("bfi-", nm, "-pairwise")),
                                  list(data = "bfi", missing = "pairwise"))
  cases[[length(cases) + 1]] <- c(one(na.omit(x), keys, paste0("bfi-", nm, "-listwise")),
                                  list(data = "bfi", missing = "listwise"))
}
sx <- as.data.frame(syn)
cases[[length(cases) + 1]] <- c(one(sx, c("S3", "S7"), "synthetic-pairwise"),
                                list(data = "synthetic", missing = "pairwise"))
cases[[length(cases) + 1]] <- c(one(na.omit(sx), c("S3", "S7"), "synthetic-listwise"),
                                list(data = "synthetic", missing = "listwise"))
write17(list(generator = "make-alpha-reference.R", psych = as.character(packageVersion("psych")),
             r = R.version.string, cases = cases), file.path(dir, "alpha-reference.json"))
