/// The population the demo's payments come from: cards with a home country and a spending habit, and
/// merchants with a category and a country. Made once from the seed.
struct DemoWorld {
    struct Card {
        let id: String
        let country: String
        /// Mean and spread of `log(amount)` of the card's genuine payments.
        let logAmountMean: Double
        let logAmountSpread: Double
        /// Probability that a genuine payment is online.
        let online: Double
    }

    struct Merchant {
        let id: String
        let mcc: String
        let country: String
    }

    /// Merchant categories of everyday spending, with their weights.
    static let everydayCategories: [(mcc: String, weight: Double)] = [
        ("5411", 30), ("5812", 14), ("5814", 12), ("5541", 10), ("5311", 8), ("5999", 8), ("4111", 6), ("5732", 4),
        ("7011", 3), ("4511", 2), ("5815", 3),
    ]
    /// Gambling: the category a fraud ring abuses in the middle of the demo.
    static let gambling = "7995"
    /// Electronics and quasi-cash: where stolen cards are cashed out.
    static let cashOutCategories = ["5732", "6051", "5999"]
    /// Digital goods: where stolen card numbers are tested with tiny amounts.
    static let digitalGoods = "5815"

    static let countries: [(code: String, weight: Double)] = [
        ("US", 62), ("GB", 10), ("DE", 8), ("FR", 7), ("CA", 6), ("ES", 4), ("NL", 3),
    ]
    /// Countries that rarely see these cards.
    static let foreignCountries = ["RO", "NG", "BR", "VN", "RU", "MT"]

    let cards: [Card]
    let merchants: [Merchant]
    /// Indices into `merchants`, per country code, and per category.
    let merchantsByCountry: [String: [Int]]
    let merchantsByCategory: [String: [Int]]

    init(cards cardCount: Int, merchants merchantCount: Int, random: inout DemoRandom) {
        var cards: [Card] = []
        cards.reserveCapacity(cardCount)
        for index in 0..<cardCount {
            let country = Self.countries[random.weighted(Self.countries.map(\.weight))].code
            cards.append(
                Card(
                    id: "c-\(index)", country: country, logAmountMean: 3.2 + 0.6 * random.normal(),
                    logAmountSpread: 0.4 + 0.3 * random.uniform(), online: 0.1 + 0.4 * random.uniform()))
        }
        var merchants: [Merchant] = []
        for index in 0..<merchantCount {
            let foreign = index % 10 == 9
            let country = foreign
                ? Self.foreignCountries[random.int(below: Self.foreignCountries.count)]
                : Self.countries[random.weighted(Self.countries.map(\.weight))].code
            let mcc: String
            switch index % 20 {
            case 3: mcc = Self.gambling
            case 7, 13: mcc = Self.cashOutCategories[random.int(below: Self.cashOutCategories.count)]
            case 11: mcc = Self.digitalGoods
            default: mcc = Self.everydayCategories[random.weighted(Self.everydayCategories.map(\.weight))].mcc
            }
            merchants.append(Merchant(id: "m-\(index)", mcc: mcc, country: country))
        }
        self.cards = cards
        self.merchants = merchants
        merchantsByCountry = Dictionary(grouping: merchants.indices.filter { index in
            !Self.foreignCountries.contains(merchants[index].country)
        }) { merchants[$0].country }
        merchantsByCategory = Dictionary(grouping: merchants.indices) { merchants[$0].mcc }
    }

    /// A merchant where card `card` would genuinely shop: mostly in its country, popular ones more often.
    func everydayMerchant(for card: Card, random: inout DemoRandom) -> Merchant {
        let local = random.chance(0.95) ? merchantsByCountry[card.country] ?? [] : []
        let pool = local.isEmpty ? Array(merchants.indices) : local
        return merchants[pool[random.popular(pool.count)]]
    }

    /// The index of a random merchant of `mcc`: a foreign one when `foreign` is true and one exists.
    func merchant(category mcc: String, foreign: Bool, random: inout DemoRandom) -> Int {
        let pool = merchantsByCategory[mcc] ?? Array(merchants.indices)
        let filtered = foreign ? pool.filter { Self.foreignCountries.contains(merchants[$0].country) } : pool
        let choices = filtered.isEmpty ? pool : filtered
        return choices[random.int(below: choices.count)]
    }
}
