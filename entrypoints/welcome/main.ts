import { mount } from 'svelte';
import '../../assets/page.css';
import WelcomeApp from '../../components/welcome/WelcomeApp.svelte';
import { t } from '../../utils/platform/i18n';

// The first page after install (and "Getting started" in Settings).
document.title = t('welcomeTitle');
mount(WelcomeApp, { target: document.getElementById('app')! });
