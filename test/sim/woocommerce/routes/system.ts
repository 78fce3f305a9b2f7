import { READABLE, type Route } from "../rest";

// /system_status: a connector's cheapest "are these keys good" call. Only the parts a connector might read.

export const systemRoutes: Route[] = [
  {
    methods: READABLE,
    path: /^\/system_status$/,
    permission: "list",
    handle: (c) => {
      const state = c.store.state;
      return {
        body: {
          environment: {
            home_url: state.url,
            site_url: state.url,
            version: "9.9.5",
            wp_version: "6.8.2",
            wp_multisite: false,
            language: "en_US",
            server_info: "nginx/1.26.0",
            php_version: "8.3.12",
            max_upload_size: 67108864,
            default_timezone: "UTC",
          },
          database: { wc_database_version: "9.9.5" },
          active_plugins: [{ plugin: "woocommerce/woocommerce.php", name: "WooCommerce", version: "9.9.5" }],
          theme: { name: "Storefront", version: "4.6.1" },
          settings: {
            api_enabled: true,
            force_ssl: false,
            currency: state.currency,
            currency_symbol: state.currency === "EUR" ? "&euro;" : state.currency === "GBP" ? "&pound;" : "&#36;",
            currency_position: "left",
            thousand_separator: ",",
            decimal_separator: ".",
            number_of_decimals: 2,
            geolocation_enabled: false,
            taxonomies: { external: "external", grouped: "grouped", simple: "simple", variable: "variable" },
          },
          security: { secure_connection: state.url.startsWith("https:"), hide_errors: true },
          pages: [],
          post_type_counts: [
            { type: "product", count: [...state.products.values()].filter((p) => p.type !== "variation").length },
            { type: "shop_order", count: state.orders.size },
          ],
        },
      };
    },
  },
];
