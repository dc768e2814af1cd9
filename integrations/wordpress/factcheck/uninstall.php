<?php
/**
 * Deleting the plugin (Plugins → Delete) removes its one option; deactivating keeps it.
 */
if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}
delete_option( 'factcheck_settings' );
