import { mount } from 'svelte';
import '../../assets/popup.css';
import LibraryApp from '../../components/library/LibraryApp.svelte';
import { t } from '../../utils/platform/i18n';

// The <title> holds the manifest's message name (for Firefox's sidebar); the page shows the text.
document.title = t('libraryTitle');
mount(LibraryApp, { target: document.getElementById('app')! });
