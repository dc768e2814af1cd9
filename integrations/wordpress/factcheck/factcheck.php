<?php
/**
 * Plugin Name:       Factcheck
 * Description:       Lets readers report errors in your posts to your Factcheck editors: adds the Factcheck embed script to single posts and marks the post's text as the article.
 * Version:           1.0.0
 * Requires at least: 6.0
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       factcheck
 *
 * No build step, no assets of its own. Everything it prints is escaped on output
 * (esc_attr / esc_url / esc_html), whatever the stored settings hold.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

const FACTCHECK_OPTION = 'factcheck_settings';
const FACTCHECK_SCRIPT = 'factcheck-embed';

/** The stored settings: url (the Factcheck origin), site_key, language (may be ''). */
function factcheck_settings() {
	$saved = get_option( FACTCHECK_OPTION, array() );
	$saved = is_array( $saved ) ? $saved : array();
	$settings = array();
	foreach ( array( 'url', 'site_key', 'language' ) as $name ) {
		$settings[ $name ] = isset( $saved[ $name ] ) && is_scalar( $saved[ $name ] ) ? trim( (string) $saved[ $name ] ) : '';
	}
	return $settings;
}

/** Settings as an admin submits them: a http(s) URL, a `site_…` key, a BCP 47 tag or nothing. */
function factcheck_sanitize_settings( $input ) {
	$input = is_array( $input ) ? $input : array();
	$old = factcheck_settings();
	$clean = $old;

	$url = isset( $input['url'] ) ? trim( wp_unslash( (string) $input['url'] ) ) : '';
	$url = untrailingslashit( esc_url_raw( $url, array( 'http', 'https' ) ) );
	$host = '' === $url ? '' : (string) wp_parse_url( $url, PHP_URL_HOST );
	if ( '' === $host || ! preg_match( '#^https?://#i', $url ) || false !== strpbrk( $url, '?#' ) ) {
		add_settings_error( FACTCHECK_OPTION, 'factcheck_url', __( 'The Factcheck URL must be an http:// or https:// address, such as https://factcheck.example.com.', 'factcheck' ) );
	} else {
		$clean['url'] = $url;
	}

	$key = isset( $input['site_key'] ) ? trim( wp_unslash( (string) $input['site_key'] ) ) : '';
	if ( ! preg_match( '/^site_[A-Za-z0-9_-]{1,64}$/', $key ) ) {
		add_settings_error( FACTCHECK_OPTION, 'factcheck_site_key', __( 'The site key starts with "site_"; copy it from Editor → Sites in Factcheck.', 'factcheck' ) );
	} else {
		$clean['site_key'] = $key;
	}

	$language = isset( $input['language'] ) ? trim( wp_unslash( (string) $input['language'] ) ) : '';
	if ( '' !== $language && ! preg_match( '/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/', $language ) ) {
		add_settings_error( FACTCHECK_OPTION, 'factcheck_language', __( 'The language is a BCP 47 tag such as en, uk or pt-BR, or empty.', 'factcheck' ) );
	} else {
		$clean['language'] = $language;
	}
	return $clean;
}

function factcheck_admin_init() {
	register_setting(
		'factcheck',
		FACTCHECK_OPTION,
		array(
			'type'              => 'array',
			'sanitize_callback' => 'factcheck_sanitize_settings',
			'default'           => array( 'url' => '', 'site_key' => '', 'language' => '' ),
			'show_in_rest'      => false,
		)
	);
}
add_action( 'admin_init', 'factcheck_admin_init' );

function factcheck_admin_menu() {
	add_options_page(
		__( 'Factcheck', 'factcheck' ),
		__( 'Factcheck', 'factcheck' ),
		'manage_options',
		'factcheck',
		'factcheck_render_settings_page'
	);
}
add_action( 'admin_menu', 'factcheck_admin_menu' );

/** A "Settings" link beside Deactivate on the Plugins screen. */
function factcheck_action_links( $links ) {
	$url = admin_url( 'options-general.php?page=factcheck' );
	array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'factcheck' ) . '</a>' );
	return $links;
}
add_filter( 'plugin_action_links_' . plugin_basename( __FILE__ ), 'factcheck_action_links' );

/** Settings → Factcheck. options.php checks the nonce (settings_fields) and manage_options. */
function factcheck_render_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'Sorry, you are not allowed to manage these options.', 'factcheck' ), 403 );
	}
	$settings = factcheck_settings();
	$name = FACTCHECK_OPTION;
	?>
	<div class="wrap">
		<h1><?php echo esc_html__( 'Factcheck', 'factcheck' ); ?></h1>
		<p><?php echo esc_html__( 'Readers select wrong words in a post and report them to your editors. Register this site in Factcheck (Editor → Sites, with this site\'s origin), then enter its address and the site key here.', 'factcheck' ); ?></p>
		<?php settings_errors( FACTCHECK_OPTION ); ?>
		<form method="post" action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>">
			<?php settings_fields( 'factcheck' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="factcheck-url"><?php echo esc_html__( 'Factcheck URL', 'factcheck' ); ?></label></th>
					<td><input type="url" class="regular-text" id="factcheck-url" name="<?php echo esc_attr( $name ); ?>[url]" value="<?php echo esc_attr( $settings['url'] ); ?>" placeholder="https://factcheck.example.com" required>
					<p class="description"><?php echo esc_html__( 'The page loads embed.js from here.', 'factcheck' ); ?></p></td>
				</tr>
				<tr>
					<th scope="row"><label for="factcheck-site-key"><?php echo esc_html__( 'Site key', 'factcheck' ); ?></label></th>
					<td><input type="text" class="regular-text code" id="factcheck-site-key" name="<?php echo esc_attr( $name ); ?>[site_key]" value="<?php echo esc_attr( $settings['site_key'] ); ?>" placeholder="site_…" required spellcheck="false"></td>
				</tr>
				<tr>
					<th scope="row"><label for="factcheck-language"><?php echo esc_html__( 'Language (optional)', 'factcheck' ); ?></label></th>
					<td><input type="text" class="small-text" id="factcheck-language" name="<?php echo esc_attr( $name ); ?>[language]" value="<?php echo esc_attr( $settings['language'] ); ?>" placeholder="en" spellcheck="false">
					<p class="description"><?php echo esc_html__( 'A BCP 47 tag (en, uk, pt-BR) for the report dialog; empty: the site\'s language in Factcheck.', 'factcheck' ); ?></p></td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}

/** A single post's public page (the only pages with an article root and the widget). */
function factcheck_is_article_page() {
	return is_singular( 'post' ) && ! is_feed() && ! is_admin();
}

function factcheck_enqueue_script() {
	$settings = factcheck_settings();
	if ( ! factcheck_is_article_page() || '' === $settings['url'] || '' === $settings['site_key'] ) {
		return;
	}
	// No version query: Factcheck serves embed.js with its own caching headers.
	wp_enqueue_script( FACTCHECK_SCRIPT, untrailingslashit( $settings['url'] ) . '/embed.js', array(), null, false );
}
add_action( 'wp_enqueue_scripts', 'factcheck_enqueue_script' );

/** `<script src=".../embed.js" data-site="…" [data-lang="…"] defer>`: nothing else, no inline script. */
function factcheck_script_tag( $tag, $handle, $src ) {
	if ( FACTCHECK_SCRIPT !== $handle ) {
		return $tag;
	}
	$settings = factcheck_settings();
	$attributes = ' data-site="' . esc_attr( $settings['site_key'] ) . '"';
	if ( '' !== $settings['language'] ) {
		$attributes .= ' data-lang="' . esc_attr( $settings['language'] ) . '"';
	}
	return '<script src="' . esc_url( $src ) . '"' . $attributes . ' defer></script>' . "\n";
}
add_filter( 'script_loader_tag', 'factcheck_script_tag', 10, 3 );

/**
 * The post's rendered content inside `<div data-factcheck-article="PERMALINK">`: only for the
 * main query's post on its single page, in the loop — never in the REST API, feeds, excerpts
 * or another post's content rendered inside this one. Runs last, around the final HTML.
 */
function factcheck_wrap_content( $content ) {
	if ( ( defined( 'REST_REQUEST' ) && REST_REQUEST ) || wp_is_json_request() || is_admin() ) {
		return $content;
	}
	if ( ! factcheck_is_article_page() || ! in_the_loop() || ! is_main_query() ) {
		return $content;
	}
	$post = get_post();
	if ( ! $post || (int) $post->ID !== (int) get_queried_object_id() ) {
		return $content;
	}
	return '<div data-factcheck-article="' . esc_attr( get_permalink( $post ) ) . '">' . $content . '</div>';
}
add_filter( 'the_content', 'factcheck_wrap_content', PHP_INT_MAX );
