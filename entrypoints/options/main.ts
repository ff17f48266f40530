import { mount } from 'svelte';
import '../../assets/theme.css';
import OptionsApp from '../../components/OptionsApp.svelte';

mount(OptionsApp, { target: document.getElementById('app')! });
