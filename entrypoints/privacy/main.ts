import { mount } from 'svelte';
import '../../assets/theme.css';
import PrivacyPage from '../../components/privacy/PrivacyPage.svelte';
import { t } from '../../utils/platform/i18n';

// The privacy policy shipped inside the extension (linked from the options page), from PRIVACY.md itself.
document.title = t('privacyTitle');
mount(PrivacyPage, { target: document.getElementById('app')! });
