# Reference values for Rapport's careless-responding indices (Sources/RapportStatistics/Careless*.swift).
#
# Needs: R >= 4.2, psych, psychTools (bfi), jsonlite and the R package `careless` 1.2.1
# (install it from its source: R CMD INSTALL careless). Run from this folder:
#     Rscript make-careless-reference.R
# Writes, for each dataset NAME: NAME.csv (the responses, empty cell = missing) and
# NAME-reference.json (careless' longstring/avgstr/irv/mahad/evenodd, the means and inverse
# pairwise covariance mahad used, and Rapport's own definitions of person-total and antonym
# consistency computed independently here).
suppressPackageStartupMessages({
  library(careless); library(psych); library(psychTools); library(jsonlite)
})
stopifnot(packageVersion("careless") == "1.2.1")

# Rapport's definitions (docs/screening.md), written out in R as an independent check.
person_total <- function(keyed, means) {
  apply(keyed, 1, function(r) {
    ok <- !is.na(r)
    if (sum(ok) < 2 || sd(r[ok]) == 0) return(NA)
    cor(r[ok], means[ok])
  })
}
antonym <- function(raw, pairs) {
  apply(raw, 1, function(r) {
    a <- r[pairs[, 1]]; b <- r[pairs[, 2]]
    ok <- !is.na(a) & !is.na(b)
    if (sum(ok) < 3 || sd(a[ok]) == 0 || sd(b[ok]) == 0) return(NA)
    cor(a[ok], b[ok])
  })
}

make <- function(name, raw, reversed, factors, lo, hi, pairs) {
  x <- as.matrix(raw)
  keyed <- x
  keyed[, reversed] <- lo + hi - keyed[, reversed]
  ls <- longstring(x, avg = TRUE)
  lsk <- longstring(keyed, avg = TRUE)
  means <- colMeans(x, na.rm = TRUE)
  inv <- solve(cov(x, use = "pairwise"))
  # evenodd must get a data frame: on a matrix, x[i, a:b] drops its column names and careless
  # then reads only the first two items of each factor (seq(1:length(NULL)) is 1:2).
  eo <- suppressWarnings(evenodd(as.data.frame(keyed), factors))
  out <- list(
    dataset = name,
    items = colnames(x),
    reversed = reversed - 1L,          # 0-based slots
    factors = factors,
    range = c(lo, hi),
    antonymPairs = pairs - 1L,         # 0-based (reversed slot, partner slot)
    longstring = ls$longstr,
    averageString = ls$avgstr,
    longstringKeyed = lsk$longstr,
    averageStringKeyed = lsk$avgstr,
    irv = as.numeric(irv(x)),
    mahadMeans = as.numeric(means),
    mahadInverse = as.numeric(inv),    # column-major k*k (symmetric)
    mahad = as.numeric(mahad(x, plot = FALSE)),
    evenodd = as.numeric(eo),
    personTotal = as.numeric(person_total(keyed, colMeans(keyed, na.rm = TRUE))),
    antonym = as.numeric(antonym(x, pairs))
  )
  write.table(x, paste0(name, ".csv"), sep = ",", na = "", row.names = FALSE, quote = FALSE)
  writeLines(toJSON(out, digits = NA, na = "null", auto_unbox = TRUE),
             paste0(name, "-reference.json"))
}

# Antonym pairs: each reverse-keyed item with the nearest non-reversed item of its sub-scale
# (earlier one on a tie), as Careless.antonymPairs builds them.
nearest_pairs <- function(reversed, factors) {
  starts <- cumsum(c(0, head(factors, -1)))
  out <- NULL
  for (f in seq_along(factors)) {
    slots <- starts[f] + seq_len(factors[f])
    fwd <- setdiff(slots, reversed)
    for (r in intersect(slots, reversed)) {
      if (length(fwd) == 0) next
      d <- abs(fwd - r)
      out <- rbind(out, c(r, fwd[which.min(d)]))
    }
  }
  out
}

# 1. psychTools::bfi, the 25 personality items (1-6), five scales of five in column order.
data(bfi, package = "psychTools")
b <- bfi[, 1:25]
rev_b <- which(colnames(b) %in% c("A1", "C4", "C5", "E1", "E2", "O2", "O5"))
make("bfi25", b, rev_b, rep(5, 5), 1, 6, nearest_pairs(rev_b, rep(5, 5)))

# 2. Synthetic: 12 items on 1-5 in three sub-scales of 4, attentive rows drawn from a
#    one-factor-per-scale model, plus planted straight-liners, random rows, alternators and
#    missing cells, so the edge cases (runs broken by missing, zero variance, r = -1) occur.
set.seed(20261126)
n <- 240; k <- 12
fac <- rep(1:3, each = 4)
theta <- matrix(rnorm(n * 3), n, 3)
rev_s <- c(2L, 7L, 12L)
x <- matrix(NA_real_, n, k)
for (j in 1:k) {
  z <- 0.75 * theta[, fac[j]] + sqrt(1 - 0.75^2) * rnorm(n)
  if (j %in% rev_s) z <- -z
  x[, j] <- as.numeric(cut(z, c(-Inf, -1.2, -0.4, 0.4, 1.2, Inf)))
}
x[1:12, ] <- rep(1:5, length.out = 12)               # straight-liners, one value per row
x[13:30, ] <- sample(1:5, 18 * k, replace = TRUE)     # random responders
x[31:34, ] <- matrix(rep(c(1, 5), length.out = k), 4, k, byrow = TRUE)  # alternators
x[35, ] <- c(1, 1, 1, 5, 5, 5, 1, 1, 1, 5, 5, 5)
miss <- sample(seq_len(n * k), 90)
miss <- miss[(miss - 1) %% n + 1 > 40]                # keep planted rows complete
x[miss] <- NA
x[36, c(3, 4)] <- NA                                  # a run broken by two missing cells
colnames(x) <- sprintf("s%02d", 1:k)
make("synthetic12", x, rev_s, rep(4, 3), 1, 5, nearest_pairs(rev_s, rep(4, 3)))

# 3. Upper-tail chi-square probabilities for the Mahalanobis p-value.
q <- c(0.5, 1, 3.2, 10, 13.4061, 24.87954, 40, 80, 150, 0.01, 7.5, 300)
df <- c(1, 2, 3, 5, 25, 25, 12, 25, 25, 1, 7, 40)
writeLines(toJSON(list(q = q, df = df, p = pchisq(q, df, lower.tail = FALSE)), digits = NA),
           "chisq-reference.json")
